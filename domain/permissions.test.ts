import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  OWNERSHIPS,
  can,
  ownershipOf,
  ownershipOfEvent,
  type Action,
  type Ownership,
} from './permissions';
import { ROLES, type Role } from './users';

// Written out by hand, independently of PERMISSIONS: one line per role and action, the ownerships allowed.
// o = own, t = team, r = region, x = other; '-' = none.
const EXPECTED = `
officer    report:create        o
officer    report:read          o t
officer    event:submit         o
officer    event:comment        o
officer    event:verify         -
officer    event:reject         -
officer    event:dispose        -
officer    event:change-status  -
officer    event:assign         -
officer    event:link-duplicate -
officer    user:manage          -
officer    stats:read           -
supervisor report:create        o
supervisor report:read          o t r
supervisor event:submit         o
supervisor event:comment        o t r
supervisor event:verify         o t r
supervisor event:reject         o t r
supervisor event:dispose        o t r
supervisor event:change-status  o t r
supervisor event:assign         o t r
supervisor event:link-duplicate o t r
supervisor user:manage          -
supervisor stats:read           o t r
admin      report:create        -
admin      report:read          o t r x
admin      event:submit         -
admin      event:comment        o t r x
admin      event:verify         o t r x
admin      event:reject         o t r x
admin      event:dispose        o t r x
admin      event:change-status  o t r x
admin      event:assign         o t r x
admin      event:link-duplicate o t r x
admin      user:manage          o t r x
admin      stats:read           o t r x
`;

const LETTER: Record<string, Ownership> = { o: 'own', t: 'team', r: 'region', x: 'other' };

function expectedTable(): Map<string, Set<Ownership>> {
  const table = new Map<string, Set<Ownership>>();
  for (const line of EXPECTED.trim().split('\n')) {
    const [role, action, ...letters] = line.trim().split(/\s+/);
    const allowed = new Set<Ownership>(letters.filter((l) => l !== '-').map((l) => LETTER[l] as Ownership));
    table.set(`${role} ${action}`, allowed);
  }
  return table;
}

describe('permission matrix', () => {
  const table = expectedTable();

  it('the expected table names every role × action exactly once', () => {
    expect(table.size).toBe(ROLES.length * ACTIONS.length);
  });

  const cells: Array<[Role, Action, Ownership, boolean]> = [];
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      for (const ownership of OWNERSHIPS) {
        cells.push([role, action, ownership, table.get(`${role} ${action}`)?.has(ownership) ?? false]);
      }
    }
  }

  it.each(cells)('%s %s on %s → %s', (role, action, ownership, allowed) => {
    expect(can(role, action, ownership)).toBe(allowed);
  });

  it('refuses unknown roles and actions, including inherited property names', () => {
    expect(can('root' as Role, 'report:read', 'own')).toBe(false);
    expect(can('__proto__' as Role, 'report:read', 'own')).toBe(false);
    expect(can('admin', 'constructor' as Action, 'own')).toBe(false);
    expect(can('admin', 'toString' as Action, 'other')).toBe(false);
  });
});

describe('ownershipOf', () => {
  const user = { name: 'budi', team: 'regu-1', region: 'jaksel' };
  it.each([
    [{ author: 'budi', team: 'regu-9', region: 'jaktim' }, 'own'],
    [{ author: 'ani', team: 'regu-1', region: 'jaksel' }, 'team'],
    [{ author: 'ani', team: 'regu-2', region: 'jaksel', assignedTeam: 'regu-1' }, 'team'],
    [{ author: 'ani', team: 'regu-2', region: 'jaktim', assignedOfficer: 'budi' }, 'team'],
    // Named to another officer of the user's team: not the team's task.
    [
      { author: 'ani', team: 'regu-2', region: 'jaktim', assignedTeam: 'regu-1', assignedOfficer: 'eko' },
      'other',
    ],
    [{ author: 'ani', team: 'regu-2', region: 'jaksel' }, 'region'],
    [{ author: 'ani', team: 'regu-2', region: 'jaktim' }, 'other'],
    [{ author: 'ani', team: null, region: null }, 'other'],
  ] as const)('%o → %s', (report, expected) => {
    expect(ownershipOf(user, report)).toBe(expected);
  });

  it('a user without team or region never matches a report without one', () => {
    expect(
      ownershipOf({ name: 'adm', team: null, region: null }, { author: 'ani', team: null, region: null }),
    ).toBe('other');
  });

  it('reads the denormalized fields of an event', () => {
    expect(
      ownershipOfEvent(user, { reportAuthor: 'ani', reportTeam: 'regu-1', reportRegion: 'jaksel' }),
    ).toBe('team');
  });
});
