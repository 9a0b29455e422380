import { describe, expect, it } from 'vitest';
import { cleanLabel, isPublicKey, isSignature, parseRegisterDevice, registrationStatement } from './devices';

const good = {
  id: '3b241101-e2bb-4255-8caf-4136c566a962',
  publicKey: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
  name: 'Laptop Pos 3',
  appVersion: '0.1.0',
  proof: 'A'.repeat(85) + 'w',
};

describe('device registration bodies', () => {
  it('accepts a well-formed body and trims the name', () => {
    expect(parseRegisterDevice({ ...good, name: '  Laptop\u0007 Pos 3 ' })).toEqual({
      ok: true,
      value: { ...good, name: 'Laptop  Pos 3' },
    });
  });

  it.each([
    ['not an object', null],
    ['a list', [good]],
    ['id with a space', { ...good, id: 'a b' }],
    ['id too long', { ...good, id: 'a'.repeat(129) }],
    ['public key too short', { ...good, publicKey: good.publicKey.slice(1) }],
    ['public key with padding', { ...good, publicKey: good.publicKey + '=' }],
    [
      'public key whose last character carries stray bits',
      { ...good, publicKey: good.publicKey.slice(0, 42) + 'B' },
    ],
    ['blank name', { ...good, name: '   ' }],
    ['name too long', { ...good, name: 'x'.repeat(121) }],
    ['version with a space', { ...good, appVersion: '1 .0' }],
    ['no proof', { ...good, proof: undefined }],
    ['proof of the wrong length', { ...good, proof: 'A'.repeat(86) + 'w' }],
  ])('refuses %s', (_what, body) => {
    expect(parseRegisterDevice(body).ok).toBe(false);
  });

  it('checks key and signature spellings exactly', () => {
    expect(isPublicKey(good.publicKey)).toBe(true);
    expect(isSignature(good.proof)).toBe(true);
    expect(isSignature(good.proof.slice(0, 85) + 'B')).toBe(false);
    expect(cleanLabel(42, 10)).toBeNull();
  });

  it('binds the registration to the device, the account and the key', () => {
    const a = registrationStatement('d1', 'ani', 'k');
    expect(a).not.toBe(registrationStatement('d1', 'budi', 'k'));
    expect(a).not.toBe(registrationStatement('d2', 'ani', 'k'));
    expect(a).not.toBe(registrationStatement('d1', 'ani', 'l'));
  });
});
