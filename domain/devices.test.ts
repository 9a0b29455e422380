import { describe, expect, it } from 'vitest';
import {
  type DeviceRecord,
  cleanLabel,
  contactStatement,
  deviceMatches,
  isPublicKey,
  isSignature,
  parseDeviceContact,
  parseDeviceFilter,
  parseRegisterDevice,
  parseWipeConfirmation,
  registrationStatement,
  wipeConfirmationStatement,
} from './devices';

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

describe('device contacts, wipe confirmations and filters (issue 13)', () => {
  const contact = {
    user: 'ani',
    at: '2026-03-01T08:00:00.000Z',
    appVersion: '0.1.0',
    reports: 2,
    photos: 3,
    oldestAt: '2026-02-28T08:00:00.000Z',
    signature: 'A'.repeat(85) + 'w',
  };
  it('takes well-formed contacts, also without counts (a locked device), and refuses hostile ones', () => {
    expect(parseDeviceContact(contact)).toEqual({ ok: true, value: contact });
    expect(parseDeviceContact({ ...contact, reports: null, photos: null, oldestAt: null }).ok).toBe(true);
    for (const bad of [
      null,
      [],
      'x',
      { ...contact, reports: -1 },
      { ...contact, photos: 1.5 },
      { ...contact, reports: '2' },
      { ...contact, at: '2026-03-01' },
      { ...contact, oldestAt: 'yesterday' },
      { ...contact, user: '' },
      { ...contact, appVersion: 'v 1' },
      { ...contact, signature: 'not a signature' },
    ]) {
      expect(parseDeviceContact(bad).ok, JSON.stringify(bad)).toBe(false);
    }
  });
  it('signs every field: a changed count or order time changes the statement', () => {
    const { signature: _s, ...fields } = contact;
    const base = contactStatement('dev-1', fields);
    expect(contactStatement('dev-1', { ...fields, reports: 0 })).not.toBe(base);
    expect(contactStatement('dev-2', fields)).not.toBe(base);
    expect(contactStatement('dev-1', { ...fields, reports: null })).not.toBe(base);
    const wipe = {
      user: 'ani',
      orderedAt: contact.at,
      wipedAt: contact.at,
      unsentReports: 1,
      unsentPhotos: 0,
    };
    expect(wipeConfirmationStatement('dev-1', wipe)).not.toBe(
      wipeConfirmationStatement('dev-1', { ...wipe, orderedAt: '2026-03-01T08:00:00.001Z' }),
    );
    expect(parseWipeConfirmation({ ...wipe, signature: contact.signature }).ok).toBe(true);
    expect(parseWipeConfirmation({ ...wipe, unsentReports: -1, signature: contact.signature }).ok).toBe(
      false,
    );
  });
  it('filters by unsent age and by last contact', () => {
    const now = new Date('2026-03-10T12:00:00.000Z');
    const device = (lastContact: string, backlog: DeviceRecord['backlog']): DeviceRecord => ({
      id: 'd',
      user: 'ani',
      algorithm: 'Ed25519',
      publicKey: good.publicKey,
      name: 'x',
      appVersion: '0.1.0',
      firstContact: lastContact,
      lastContact,
      revoked: null,
      backlog,
      wipe: null,
      wipeConfirmed: null,
    });
    const reported = '2026-03-10T11:00:00.000Z';
    const old = device('2026-03-10T11:00:00.000Z', {
      reports: 1,
      photos: 0,
      oldestAt: '2026-03-09T11:00:00.000Z',
      reportedAt: reported,
    });
    const fresh = device('2026-03-10T11:00:00.000Z', {
      reports: 1,
      photos: 0,
      oldestAt: '2026-03-10T10:00:00.000Z',
      reportedAt: reported,
    });
    const none = device('2026-03-02T11:00:00.000Z', null);
    const unsent24 = { unsentOlderThanHours: 24 };
    expect([old, fresh, none].map((d) => deviceMatches(d, unsent24, now))).toEqual([true, false, false]);
    expect([old, fresh, none].map((d) => deviceMatches(d, { notSeenForDays: 7 }, now))).toEqual([
      false,
      false,
      true,
    ]);
    expect(deviceMatches(old, {}, now)).toBe(true);
    expect(parseDeviceFilter({ unsentOlderThanHours: '24' })).toEqual({
      ok: true,
      value: { unsentOlderThanHours: 24 },
    });
    expect(parseDeviceFilter({ notSeenForDays: '-1' }).ok).toBe(false);
    expect(parseDeviceFilter({ notSeenForDays: ['7', '8'] }).ok).toBe(false);
  });
});
