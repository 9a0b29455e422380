import { describe, expect, it } from 'vitest';
import { checkNewAccount, type NewAccountInput } from './new-account';

const base: NewAccountInput = {
  name: 'budi',
  password: 'rahasia123',
  role: 'officer',
  team: 'regu-1',
  region: '31.71',
};

describe('checkNewAccount', () => {
  it('accepts a complete officer and trims the fields', () => {
    expect(checkNewAccount({ ...base, name: ' budi ', team: ' regu-1 ' })).toEqual({
      ok: true,
      request: { name: 'budi', password: 'rahasia123', role: 'officer', team: 'regu-1', region: '31.71' },
    });
  });

  it('lets an admin go without team and region', () => {
    const result = checkNewAccount({ ...base, role: 'admin', team: '', region: '' });
    expect(result.ok && result.request).toMatchObject({ team: null, region: null });
  });

  it.each([
    [{ name: '' }, 'name', 'accounts.problems.nameRequired'],
    [{ name: 'Budi' }, 'name', 'accounts.problems.nameFormat'],
    [{ name: 'b' }, 'name', 'accounts.problems.nameFormat'],
    [{ password: 'short' }, 'password', 'accounts.problems.passwordLength'],
    [{ team: '' }, 'team', 'accounts.problems.teamRequired'],
    [{ team: 'Regu 1' }, 'team', 'accounts.problems.slugFormat'],
    [{ role: 'supervisor' as const, region: '' }, 'region', 'accounts.problems.regionRequired'],
    [{ region: 'Jakarta Pusat' }, 'region', 'accounts.problems.slugFormat'],
  ])('%j → %s %s', (change, field, key) => {
    const result = checkNewAccount({ ...base, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContainEqual({ field, key });
  });

  it('reports every problem at once', () => {
    const result = checkNewAccount({ name: '', password: '', role: 'officer', team: '', region: '' });
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual([
      'name',
      'password',
      'team',
      'region',
    ]);
  });
});
