import { describe, expect, it } from 'vitest';
import {
  couchRolesFor,
  userContextFromCouch,
  validatePassword,
  validateUser,
  validateUserName,
  type User,
} from './users';

describe('validateUserName', () => {
  it.each(['ab', 'budi', 'budi.santoso', 'b_2', 'x-1', 'a'.repeat(64)])('accepts %j', (name) => {
    expect(validateUserName(name)).toEqual({ ok: true, value: name });
  });
  it.each([
    'a',
    'a'.repeat(65),
    'Budi',
    '1budi',
    '_budi',
    '.budi',
    'budi santoso',
    'budi:admin',
    'org.couchdb.user:budi',
    'budi\n',
    'büdi',
    '',
    42,
    null,
    ['budi'],
  ])('rejects %j', (name) => {
    expect(validateUserName(name).ok).toBe(false);
  });
});

describe('validatePassword', () => {
  it('accepts 8..256 characters', () => {
    expect(validatePassword('12345678').ok).toBe(true);
    expect(validatePassword('x'.repeat(256)).ok).toBe(true);
  });
  it.each(['1234567', 'x'.repeat(257), 12345678, null])('rejects %j', (pw) => {
    expect(validatePassword(pw).ok).toBe(false);
  });
});

describe('validateUser', () => {
  const officer: User = { name: 'budi', role: 'officer', team: 'regu-1', region: 'jaksel', disabled: false };
  it('accepts each role with what it needs', () => {
    expect(validateUser(officer)).toEqual({ ok: true, value: officer });
    expect(validateUser({ ...officer, role: 'supervisor', team: null }).ok).toBe(true);
    expect(validateUser({ ...officer, role: 'admin', team: null, region: null }).ok).toBe(true);
  });
  it.each([
    [{ ...officer, team: null }, 'user.team is required for an officer'],
    [{ ...officer, role: 'supervisor', region: null }, 'user.region is required for a supervisor'],
    [{ ...officer, role: 'root' }, 'user.role must be one of: officer, supervisor, admin'],
    [{ ...officer, disabled: 'no' }, 'user.disabled must be true or false'],
    [{ ...officer, team: 'Regu 1' }, 'user.team has an invalid format'],
    [{ ...officer, password: 'x' }, 'user.password is not an allowed field'],
  ])('rejects %o', (input, message) => {
    const result = validateUser(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain(message);
  });
});

describe('CouchDB roles', () => {
  it('maps a user to roles and back', () => {
    const user = { name: 'budi', role: 'officer', team: 'regu-1', region: 'jaksel' } as const;
    const roles = couchRolesFor(user);
    expect(roles).toEqual(['officer', 'team:regu-1', 'region:jaksel']);
    expect(userContextFromCouch('budi', roles)).toEqual(user);
  });

  it('omits a missing team or region', () => {
    expect(couchRolesFor({ role: 'admin', team: null, region: null })).toEqual(['admin']);
    expect(couchRolesFor({ role: 'supervisor', team: null, region: 'jaksel' })).toEqual([
      'supervisor',
      'region:jaksel',
    ]);
    expect(userContextFromCouch('adm', ['admin'])).toEqual({
      name: 'adm',
      role: 'admin',
      team: null,
      region: null,
    });
  });

  it('ignores roles it does not know, in any order', () => {
    expect(userContextFromCouch('sari', ['region:jaksel', '_reader', 'supervisor'])).toEqual({
      name: 'sari',
      role: 'supervisor',
      team: null,
      region: 'jaksel',
    });
  });

  it.each([
    [[]],
    [['team:regu-1', 'region:jaksel']],
    [['_admin']],
    [['Officer']],
    [['officer', 'admin']],
    [['officer', 'team:a', 'team:b']],
    [['officer', 'region:a', 'region:b']],
    [['officer', 42]],
  ])('fails closed on %j', (roles) => {
    expect(userContextFromCouch('x', roles as string[])).toBeNull();
  });
});
