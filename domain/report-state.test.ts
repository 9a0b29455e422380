import { describe, expect, it } from 'vitest';
import { foldReportState, roleMayWrite } from './report-state';
import { anEvent, SHA } from './test-fixtures';

const t = (m: number): string => `2025-02-01T10:${String(m).padStart(2, '0')}:00.000Z`;
const id = (n: number): string => `01J0000000000000000000${String(n).padStart(4, '0')}`;

describe('foldReportState', () => {
  it('is the initial state without events', () => {
    expect(foldReportState([])).toMatchObject({
      status: 'menunggu',
      unit: null,
      verified: false,
      lastEventAt: null,
    });
  });

  it('folds a history whatever order it arrives in', () => {
    const events = [
      anEvent('submitted', { id: id(1), at: t(0), actor: 'budi', actorRole: 'officer' }),
      anEvent('verified', { id: id(2), at: t(1) }),
      anEvent('disposed', { id: id(3), at: t(2), unit: 'Kec. Tebet' }),
      anEvent('assigned', { id: id(4), at: t(3), assignedTeam: 'regu-2', assignedOfficer: 'joko' }),
      anEvent('commented', { id: id(5), at: t(4) }),
      anEvent('photo-received', {
        id: id(6),
        at: t(5),
        actor: 'tertib-server',
        actorRole: 'admin',
        sha256: SHA,
      }),
      anEvent('photo-received', {
        id: id(7),
        at: t(6),
        actor: 'tertib-server',
        actorRole: 'admin',
        sha256: SHA,
      }),
      anEvent('linked-duplicate', { id: id(8), at: t(7) }),
    ];
    const expected = {
      status: 'disposisi',
      unit: 'Kec. Tebet',
      rejectionReason: null,
      assignedTeam: 'regu-2',
      assignedOfficer: 'joko',
      verified: true,
      duplicateOf: '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      photosReceived: [SHA],
      comments: 1,
      lastEventAt: t(7),
      closedAt: null,
    };
    expect(foldReportState(events)).toEqual(expected);
    expect(foldReportState([...events].reverse())).toEqual(expected);
  });

  it('keeps the rejection reason until an admin reopens', () => {
    const rejected = anEvent('rejected', { id: id(1), at: t(1), reason: 'Duplikat' });
    expect(foldReportState([rejected])).toMatchObject({ status: 'ditolak', rejectionReason: 'Duplikat' });
    const reopened = anEvent('status-changed', {
      id: id(2),
      at: t(2),
      actorRole: 'admin',
      from: 'ditolak',
      to: 'menunggu',
    });
    expect(foldReportState([rejected, reopened])).toMatchObject({
      status: 'menunggu',
      rejectionReason: null,
    });
  });

  it('records when the report entered selesai, and forgets it when an admin reopens', () => {
    const history = [
      anEvent('disposed', { id: id(1), at: t(1) }),
      anEvent('status-changed', { id: id(2), at: t(2), from: 'disposisi', to: 'dikerjakan' }),
      anEvent('status-changed', { id: id(3), at: t(3), from: 'dikerjakan', to: 'selesai' }),
    ];
    expect(foldReportState(history)).toMatchObject({ status: 'selesai', closedAt: t(3) });
    // A stale second "done" (its `from` no longer holds) does not move the time.
    const stale = anEvent('status-changed', { id: id(4), at: t(4), from: 'dikerjakan', to: 'selesai' });
    expect(foldReportState([...history, stale])).toMatchObject({ closedAt: t(3) });
    const reopened = anEvent('status-changed', {
      id: id(5),
      at: t(5),
      actorRole: 'admin',
      from: 'selesai',
      to: 'dikerjakan',
    });
    expect(foldReportState([...history, reopened])).toMatchObject({ status: 'dikerjakan', closedAt: null });
    const closedAgain = anEvent('status-changed', { id: id(6), at: t(6), from: 'dikerjakan', to: 'selesai' });
    expect(foldReportState([...history, reopened, closedAgain])).toMatchObject({ closedAt: t(6) });
  });

  it('ignores events the actor’s role may not write', () => {
    const state = foldReportState([
      anEvent('verified', { id: id(1), at: t(1), actorRole: 'officer' }),
      anEvent('assigned', { id: id(2), at: t(2), actorRole: 'officer' }),
    ]);
    expect(state).toMatchObject({ verified: false, assignedTeam: null, lastEventAt: t(2) });
  });

  it('roleMayWrite follows the permission table', () => {
    expect(roleMayWrite('officer', 'commented')).toBe(true);
    expect(roleMayWrite('officer', 'verified')).toBe(false);
    expect(roleMayWrite('admin', 'submitted')).toBe(false);
    expect(roleMayWrite('supervisor', 'photo-received')).toBe(false);
    expect(roleMayWrite('admin', 'photo-received')).toBe(true);
  });
});
