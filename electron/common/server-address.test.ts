import { describe, expect, it } from 'vitest';
import { normalizeServerUrl, serverOrigin } from './server-address';

describe('serverOrigin', () => {
  it.each([
    ['http://127.0.0.1:4984', 'http://127.0.0.1:4984'],
    ['http://127.0.0.1:4984/', 'http://127.0.0.1:4984'],
    ['https://tertib.example/', 'https://tertib.example'],
    ['HTTPS://TERTIB.example:443/', 'https://tertib.example'],
    ['https://tertib.example/sync/', 'https://tertib.example'],
  ])('%s → %s', (raw, origin) => {
    expect(serverOrigin(raw)).toBe(origin);
  });

  it.each([
    [''],
    ['tertib.example'],
    ['ftp://tertib.example'],
    ['file:///srv'],
    ['app://tertib'],
    ['javascript:alert(1)'],
    ['https://user:pw@tertib.example'],
    ['https://tertib.example/?token=x'],
    ['https://tertib.example/#x'],
    ['https:tertib.example'],
    [' https://tertib.example'],
    ['https://tertib.example\\@evil'],
    [`https://${'a'.repeat(2048)}.example`],
    [null],
    [{ toString: (): string => 'https://tertib.example' }],
  ])('refuses %j', (raw) => {
    expect(serverOrigin(raw)).toBeNull();
  });
});

describe('normalizeServerUrl', () => {
  it.each([
    ['http://127.0.0.1:4984', 'http://127.0.0.1:4984'],
    ['http://127.0.0.1:4984/', 'http://127.0.0.1:4984'],
    ['https://Satpol.example/tertib//', 'https://satpol.example/tertib'],
    ['ftp://x', null],
    ['https://u:p@x.example', null],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeServerUrl(raw)).toBe(expected);
  });
});
