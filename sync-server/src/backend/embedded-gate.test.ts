import { describe, expect, it } from 'vitest';
import { basicCredentials, EmbeddedGate, SETUP_HEADER } from './embedded-gate';

const basic = (name: string, password: string) =>
  'Basic ' + Buffer.from(`${name}:${password}`).toString('base64');

describe("the embedded backend's gate", () => {
  const admin = { name: 'tertib-admin', password: 'rahasia-admin' };
  const gate = () => new EmbeddedGate({ admin, setupToken: 'setup-token' });

  it('lets the admin through, and nobody else before users are trusted', () => {
    const g = gate();
    expect(g.allows({ authorization: basic(admin.name, admin.password) })).toBe(true);
    expect(g.allows({})).toBe(false);
    expect(g.allows({ authorization: basic('ani', 'x') })).toBe(false);
  });

  it.each([
    ['no credential', {}],
    ['a wrong admin password', { authorization: basic(admin.name, 'rahasia-admiN') }],
    ['a prefix of the admin password', { authorization: basic(admin.name, 'rahasia') }],
    ['a cookie', { cookie: 'AuthSession=abc' }],
    ['a bearer token', { authorization: 'Bearer abc' }],
    ['garbage', { authorization: 'Basic !!!' }],
    ['no colon', { authorization: 'Basic ' + Buffer.from('tertib-admin').toString('base64') }],
    ['an empty name', { authorization: basic('', admin.password) }],
  ])('refuses %s', (_what, headers) => {
    const g = gate();
    g.trustUsers((name, password) => name === 'ani' && password === 'derived');
    expect(g.allows(headers)).toBe(false);
  });

  it('trusts the user credentials the server vouches for, once told how', () => {
    const g = gate();
    g.trustUsers((name, password) => name === 'ani' && password === 'derived');
    expect(g.allows({ authorization: basic('ani', 'derived') })).toBe(true);
    expect(g.allows({ authorization: basic('ani', 'guess') })).toBe(false);
    expect(g.allows({ authorization: basic('mallory', 'derived') })).toBe(false);
  });

  it('opens for set-up only with the token, and only until set-up ends', () => {
    const g = gate();
    expect(g.allows({ [SETUP_HEADER]: 'wrong' })).toBe(false);
    expect(g.allows({ [SETUP_HEADER]: 'setup-token' })).toBe(true);
    g.closeSetup();
    expect(g.allows({ [SETUP_HEADER]: 'setup-token' })).toBe(false);
  });

  it('reads Basic credentials whose password holds a colon', () => {
    expect(basicCredentials(basic('ani@kota1_', 'a:b'))).toEqual({ name: 'ani@kota1_', password: 'a:b' });
  });
});
