import { describe, expect, it } from 'vitest';
import { anEvent } from './test-fixtures';
import type { ReportEvent } from './report-events';
import { STATUSES, STATUS_LABELS, canChangeStatus, currentStatus, type Status } from './status';
import { ROLES, type Role } from './users';

let seq = 0;
function ev(kind: ReportEvent['kind'], at: string, over: Record<string, unknown> = {}): ReportEvent {
  seq += 1;
  return anEvent(kind, { id: `01J00000000000000000000${String(seq).padStart(3, '0')}`, at, ...over });
}
const t = (minute: number): string => `2025-02-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('status labels', () => {
  it('has an Indonesian and an English label for every status', () => {
    for (const s of STATUSES) {
      expect(STATUS_LABELS[s].id.length).toBeGreaterThan(0);
      expect(STATUS_LABELS[s].en.length).toBeGreaterThan(0);
    }
  });
});

describe('canChangeStatus', () => {
  // Written independently of TRANSITIONS: the status-changed moves each role may make.
  const allowed: Record<Role, string[]> = {
    officer: [],
    supervisor: [
      'disposisi>koordinasi',
      'disposisi>dikerjakan',
      'koordinasi>dikerjakan',
      'dikerjakan>selesai',
    ],
    admin: [
      'disposisi>koordinasi',
      'disposisi>dikerjakan',
      'koordinasi>dikerjakan',
      'dikerjakan>selesai',
      'ditolak>menunggu',
      'selesai>dikerjakan',
    ],
  };
  const cells: Array<[Role, Status, Status, boolean]> = [];
  for (const role of ROLES)
    for (const from of STATUSES)
      for (const to of STATUSES) cells.push([role, from, to, allowed[role].includes(`${from}>${to}`)]);
  it.each(cells)('%s: %s → %s is %s', (role, from, to, expected) => {
    expect(canChangeStatus(role, from, to)).toBe(expected);
  });
});

describe('currentStatus', () => {
  it('starts at menunggu', () => {
    expect(currentStatus([])).toBe('menunggu');
    expect(currentStatus([ev('submitted', t(0), { actor: 'budi', actorRole: 'officer' })])).toBe('menunggu');
  });

  it('follows the full flow', () => {
    const events = [
      ev('submitted', t(0)),
      ev('verified', t(1)),
      ev('disposed', t(2)),
      ev('status-changed', t(3), { from: 'disposisi', to: 'koordinasi' }),
      ev('status-changed', t(4), { from: 'koordinasi', to: 'dikerjakan' }),
      ev('status-changed', t(5), { from: 'dikerjakan', to: 'selesai' }),
    ];
    expect(currentStatus(events)).toBe('selesai');
  });

  it('is independent of the order events arrive in', () => {
    const events = [
      ev('disposed', t(2)),
      ev('status-changed', t(3), { from: 'disposisi', to: 'dikerjakan' }),
      ev('status-changed', t(5), { from: 'dikerjakan', to: 'selesai' }),
    ];
    const expected = currentStatus(events);
    expect(expected).toBe('selesai');
    expect(currentStatus([...events].reverse())).toBe(expected);
    expect(currentStatus([events[1], events[2], events[0]] as ReportEvent[])).toBe(expected);
  });

  it('breaks ties on time by id, so every replica agrees', () => {
    const a = anEvent('rejected', { id: '01J000000000000000000000AA', at: t(1) });
    const b = anEvent('disposed', { id: '01J000000000000000000000BB', at: t(1) });
    // a (rejected) sorts first; b then starts from ditolak and is illegal.
    expect(currentStatus([b, a])).toBe('ditolak');
    expect(currentStatus([a, b])).toBe('ditolak');
  });

  it('ignores transitions the actor role may not make', () => {
    expect(currentStatus([ev('disposed', t(1), { actor: 'budi', actorRole: 'officer' })])).toBe('menunggu');
    const rejected = ev('rejected', t(1));
    const reopenBySupervisor = ev('status-changed', t(2), { from: 'ditolak', to: 'menunggu' });
    expect(currentStatus([rejected, reopenBySupervisor])).toBe('ditolak');
    const reopenByAdmin = ev('status-changed', t(3), { from: 'ditolak', to: 'menunggu', actorRole: 'admin' });
    expect(currentStatus([rejected, reopenBySupervisor, reopenByAdmin])).toBe('menunggu');
  });

  it('ignores stale and skipping transitions', () => {
    const events = [
      ev('disposed', t(1)),
      // made offline before the dispatch was seen: its from is stale
      ev('status-changed', t(2), { from: 'menunggu', to: 'disposisi' }),
      // skips a step
      ev('status-changed', t(3), { from: 'disposisi', to: 'selesai' }),
    ];
    expect(currentStatus(events)).toBe('disposisi');
  });

  it('does not reject after coordination has started, nor dispatch twice', () => {
    const events = [
      ev('disposed', t(1)),
      ev('status-changed', t(2), { from: 'disposisi', to: 'koordinasi' }),
      ev('rejected', t(3)),
      ev('disposed', t(4)),
    ];
    expect(currentStatus(events)).toBe('koordinasi');
  });

  it('lets an admin reopen a finished case', () => {
    const events = [
      ev('disposed', t(1)),
      ev('status-changed', t(2), { from: 'disposisi', to: 'dikerjakan' }),
      ev('status-changed', t(3), { from: 'dikerjakan', to: 'selesai' }),
      ev('status-changed', t(4), { from: 'selesai', to: 'dikerjakan', actorRole: 'admin' }),
    ];
    expect(currentStatus(events)).toBe('dikerjakan');
  });

  it('does not mutate its input', () => {
    const events = [ev('disposed', t(2)), ev('rejected', t(1))];
    const copy = [...events];
    currentStatus(events);
    expect(events).toEqual(copy);
  });
});
