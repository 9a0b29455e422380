import { describe, expect, it } from 'vitest';
import { hostAllowed, hostName } from './host-check';

const names = new Set(['tertib.satpolpp.example']);

describe('host names the server answers to', () => {
  it.each([
    '127.0.0.1:4984',
    '127.0.0.1',
    '10.1.2.3:80',
    '[::1]:4984',
    '[::1]',
    'localhost:4984',
    'LOCALHOST',
    'tertib.satpolpp.example',
    'tertib.satpolpp.example:443',
    'Tertib.Satpolpp.Example.',
  ])('answers %s', (host) => expect(hostAllowed(host, names)).toBe(true));

  it.each([
    undefined,
    '',
    'evil.example',
    'evil.example:4984',
    'tertib.satpolpp.example.evil.example',
    'localhost.evil.example',
    '127.0.0.1.evil.example',
    '[::1',
    '[evil]:80',
    'a b',
    'x'.repeat(300),
    'tertib.satpolpp.example@evil.example',
  ])('refuses %j', (host) => expect(hostAllowed(host, names)).toBe(false));

  it('takes the name out of a host header', () => {
    expect(hostName('[::1]:80')).toBe('::1');
    expect(hostName('Host.Example:8080')).toBe('host.example');
  });
});
