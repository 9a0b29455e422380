import { describe, expect, it } from 'vitest';
import type { ReportEvent } from '../../../../domain/report-events';
import { currentAssignments, isAssignedTo, selectNotifications, shouldNotify } from './follow-up-rules';

const report = { reportAuthor: 'ani', reportTeam: 'regu-1', reportRegion: 'jakarta-pusat' };
let n = 0;
function ev(kind: string, at: string, extra: Record<string, unknown> = {}): ReportEvent {
  n += 1;
  return {
    type: 'event',
    id: `0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    reportId: 'r1',
    kind,
    actor: 'budi',
    actorRole: 'supervisor',
    at,
    ...report,
    ...extra,
  } as ReportEvent;
}

describe('currentAssignments', () => {
  it('takes the latest assignment by time then id, per report, ignoring roles that may not assign', () => {
    const first = ev('assigned', '2026-11-30T01:00:00.000Z', { assignedTeam: 'regu-2', assignedOfficer: null });
    const later = ev('assigned', '2026-11-30T02:00:00.000Z', { assignedTeam: null, assignedOfficer: 'dodi' });
    const forged = ev('assigned', '2026-11-30T03:00:00.000Z', {
      assignedTeam: 'regu-9',
      assignedOfficer: null,
      actor: 'eko',
      actorRole: 'officer',
    });
    const other = ev('assigned', '2026-11-30T00:00:00.000Z', {
      reportId: 'r2',
      assignedTeam: 'regu-1',
      assignedOfficer: null,
    });
    const result = currentAssignments([later, forged, first, other, ev('commented', '2026-11-30T04:00:00.000Z')]);
    expect(result.get('r1')).toMatchObject({ assignedTeam: null, assignedOfficer: 'dodi', event: later });
    expect(result.get('r2')).toMatchObject({ assignedTeam: 'regu-1' });
    expect(result.size).toBe(2);
  });

  it('breaks a tie in time by id, the same on every device', () => {
    const at = '2026-11-30T01:00:00.000Z';
    const a = { ...ev('assigned', at, { assignedTeam: 'regu-2', assignedOfficer: null }), id: 'a'.repeat(36) };
    const b = { ...ev('assigned', at, { assignedTeam: 'regu-3', assignedOfficer: null }), id: 'b'.repeat(36) };
    expect(currentAssignments([b, a]).get('r1')?.assignedTeam).toBe('regu-3');
    expect(currentAssignments([a, b]).get('r1')?.assignedTeam).toBe('regu-3');
  });
});

describe('isAssignedTo', () => {
  const dodi = { name: 'dodi', team: 'regu-2' };
  it.each([
    [{ assignedTeam: 'regu-2', assignedOfficer: null }, true],
    [{ assignedTeam: null, assignedOfficer: 'dodi' }, true],
    // Named to one officer of the team: that officer, not the whole team.
    [{ assignedTeam: 'regu-2', assignedOfficer: 'fajar' }, false],
    [{ assignedTeam: 'regu-1', assignedOfficer: null }, false],
    [{ assignedTeam: null, assignedOfficer: null }, false],
  ])('%j → %s', (assignment, expected) => {
    expect(isAssignedTo(assignment, dodi)).toBe(expected);
  });
  it('an officer without a team is never assigned through a team', () => {
    expect(isAssignedTo({ assignedTeam: 'regu-2', assignedOfficer: null }, { name: 'x', team: null })).toBe(false);
  });
});

describe('shouldNotify', () => {
  const ani = { name: 'ani', team: 'regu-1' };
  it('notifies the author of what others do to their report', () => {
    for (const kind of ['verified', 'disposed', 'status-changed', 'rejected', 'commented', 'linked-duplicate']) {
      expect(shouldNotify(ev(kind, '2026-11-30T01:00:00.000Z'), ani), kind).toBe(true);
    }
  });
  it('never notifies their own actions or bookkeeping', () => {
    expect(shouldNotify(ev('commented', '2026-11-30T01:00:00.000Z', { actor: 'ani', actorRole: 'officer' }), ani)).toBe(
      false,
    );
    expect(shouldNotify(ev('submitted', '2026-11-30T01:00:00.000Z'), ani)).toBe(false);
    expect(shouldNotify(ev('photo-received', '2026-11-30T01:00:00.000Z'), ani)).toBe(false);
  });
  it('notifies an assignee of another team’s report only of the assignment', () => {
    const dodi = { name: 'dodi', team: 'regu-2' };
    expect(
      shouldNotify(ev('assigned', '2026-11-30T01:00:00.000Z', { assignedTeam: 'regu-2', assignedOfficer: null }), dodi),
    ).toBe(true);
    expect(shouldNotify(ev('verified', '2026-11-30T01:00:00.000Z'), dodi)).toBe(false);
  });
});

describe('selectNotifications', () => {
  const ani = { name: 'ani', team: 'regu-1' };
  it('leaves out history from before `since` and what is not news to this user, oldest first', () => {
    const old = ev('verified', '2026-11-30T01:00:00.000Z');
    const fresh = ev('disposed', '2026-11-30T03:00:00.000Z');
    const fresher = ev('commented', '2026-11-30T03:30:00.000Z');
    const own = ev('commented', '2026-11-30T04:00:00.000Z', { actor: 'ani', actorRole: 'officer' });
    expect(selectNotifications([own, fresher, fresh, old], ani, '2026-11-30T02:00:00.000Z')).toEqual([
      fresh,
      fresher,
    ]);
  });
});
