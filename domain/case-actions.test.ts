import { describe, expect, it } from 'vitest';
import {
  assignEvent,
  availableActions,
  commentEvent,
  disposeEvent,
  finishEvent,
  isActionAvailable,
  linkDuplicateEvent,
  rejectEvent,
  statusEvent,
  verifyEvent,
  type CaseAction,
  type EventOrigin,
} from './case-actions';
import { foldReportState } from './report-state';
import { STATUSES, transitionFor, type Status } from './status';
import { aReport, OTHER_ID, REPORT_ID, T0 } from './test-fixtures';
import type { UserContext } from './users';
import { authorizeWrite } from './write-rules';
import { couchRolesFor } from './users';

const BUDI: UserContext = { name: 'budi', role: 'officer', team: 'regu-1', region: 'jaksel' };
const TONO: UserContext = { name: 'tono', role: 'officer', team: 'regu-1', region: 'jaksel' };
const SARI: UserContext = { name: 'sari', role: 'supervisor', team: null, region: 'jaksel' };
const RINA: UserContext = { name: 'rina', role: 'supervisor', team: null, region: 'jaktim' };
const ADM: UserContext = { name: 'adm', role: 'admin', team: null, region: null };

const report = aReport();
const stateIn = (status: Status, over: Partial<ReturnType<typeof foldReportState>> = {}) => ({
  ...foldReportState([]),
  status,
  ...over,
});
const label = (a: CaseAction): string => (a.kind === 'change-status' ? `→${a.to}` : a.kind);
const offered = (user: UserContext, status: Status, over = {}) =>
  availableActions(user, report, stateIn(status, over)).map(label);

const origin = (actor: UserContext): EventOrigin => ({
  actor,
  report,
  id: '6f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  at: T0,
});

describe('availableActions', () => {
  it.each([
    ['menunggu', ['dispose', 'reject', 'verify', 'assign', 'link-duplicate', 'comment']],
    ['disposisi', ['→koordinasi', '→dikerjakan', 'reject', 'verify', 'assign', 'link-duplicate', 'comment']],
    ['koordinasi', ['→dikerjakan', 'verify', 'assign', 'link-duplicate', 'comment']],
    ['dikerjakan', ['→selesai', 'verify', 'assign', 'link-duplicate', 'comment']],
    ['selesai', ['link-duplicate', 'comment']],
    ['ditolak', ['link-duplicate', 'comment']],
  ] as const)('a supervisor of the region, %s → %j', (status, expected) => {
    expect(offered(SARI, status)).toEqual(expected);
  });

  it('never offers "selesai" while waiting, for anyone', () => {
    for (const user of [BUDI, SARI, ADM]) expect(offered(user, 'menunggu')).not.toContain('→selesai');
  });

  it('the author (an officer) may only comment; a team mate not even that', () => {
    for (const status of STATUSES) {
      expect(offered(BUDI, status)).toEqual(['comment']);
      expect(offered(TONO, status)).toEqual([]);
    }
  });

  it('a supervisor of another region gets nothing', () => {
    for (const status of STATUSES) expect(offered(RINA, status)).toEqual([]);
  });

  it('only an admin reopens', () => {
    expect(offered(ADM, 'ditolak')).toContain('→menunggu');
    expect(offered(ADM, 'selesai')).toContain('→dikerjakan');
    expect(offered(SARI, 'ditolak')).not.toContain('→menunggu');
  });

  it('verified once is not offered again; a linked report is not linked again', () => {
    expect(offered(SARI, 'menunggu', { verified: true })).not.toContain('verify');
    expect(offered(SARI, 'menunggu', { duplicateOf: OTHER_ID })).not.toContain('link-duplicate');
  });

  it('an assignment to another region’s supervisor’s team does not widen a supervisor’s rights', () => {
    expect(offered(RINA, 'menunggu', { assignedTeam: 'regu-9' })).toEqual([]);
  });

  it('every offered action builds an event the gateway accepts; every action not offered is refused', () => {
    // The UI's offer and the write rules must agree exactly, for every role and status.
    type Attempt = [CaseAction, (o: EventOrigin, from: Status) => ReturnType<typeof verifyEvent>];
    const attempts: Attempt[] = [
      [{ kind: 'verify' }, (o) => verifyEvent(o)],
      [{ kind: 'reject' }, (o) => rejectEvent(o, 'Bukan pelanggaran')],
      [{ kind: 'dispose' }, (o) => disposeEvent(o, 'Satpol PP Kec. Tebet')],
      ...STATUSES.map((to): Attempt => [
        { kind: 'change-status', to },
        (o, from) => statusEvent(o, from, to),
      ]),
      [{ kind: 'assign' }, (o) => assignEvent(o, 'regu-2', null)],
      [{ kind: 'comment' }, (o) => commentEvent(o, 'Sudah dicek')],
      [{ kind: 'link-duplicate' }, (o) => linkDuplicateEvent(o, OTHER_ID)],
    ];
    for (const user of [BUDI, TONO, SARI, RINA]) {
      for (const from of STATUSES) {
        const available = availableActions(user, report, stateIn(from));
        for (const [action, make] of attempts) {
          const built = make(origin(user), from);
          if (!built.ok) continue; // e.g. a status change to the same status
          const decision = authorizeWrite(built.value, null, { name: user.name, roles: couchRolesFor(user) });
          const moves = transitionFor(from, built.value) !== null;
          const name = `${user.name} ${from} ${label(action)}`;
          if (isActionAvailable(available, action)) {
            expect(decision, name).toEqual({ ok: true });
            if (action.kind === 'change-status' || action.kind === 'dispose' || action.kind === 'reject') {
              expect(moves, name).toBe(true);
            }
          } else if (
            action.kind === 'change-status' ||
            action.kind === 'dispose' ||
            action.kind === 'reject'
          ) {
            // Not offered: the write rules refuse it, or it would not move the status.
            expect(decision.ok && moves, name).toBe(false);
          }
        }
      }
    }
  });
});

describe('event factories', () => {
  it('build valid events carrying the report’s author, team and region', () => {
    const e = disposeEvent(origin(SARI), '  Satpol PP Kec. Tebet ', ' segera ');
    expect(e).toEqual({
      ok: true,
      value: {
        type: 'event',
        id: '6f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        reportId: REPORT_ID,
        kind: 'disposed',
        actor: 'sari',
        actorRole: 'supervisor',
        at: T0,
        reportAuthor: 'budi',
        reportTeam: 'regu-1',
        reportRegion: 'jaksel',
        unit: 'Satpol PP Kec. Tebet',
        note: 'segera',
      },
    });
  });

  it('require a reason, a unit, a closing note, a comment text, a team or officer', () => {
    expect(rejectEvent(origin(SARI), '   ').ok).toBe(false);
    expect(disposeEvent(origin(SARI), '').ok).toBe(false);
    expect(finishEvent(origin(SARI), 'dikerjakan', ' ').ok).toBe(false);
    expect(commentEvent(origin(SARI), '\n').ok).toBe(false);
    expect(assignEvent(origin(SARI), null, ' ').ok).toBe(false);
    expect(finishEvent(origin(SARI), 'dikerjakan', 'PKL ditertibkan')).toMatchObject({
      ok: true,
      value: { kind: 'status-changed', from: 'dikerjakan', to: 'selesai', note: 'PKL ditertibkan' },
    });
  });

  it('close with "after" photos: copied, deduplicated, at most the configured number', () => {
    const photo = (c: string) => ({ sha256: c.repeat(64), bytes: 2000, width: 1600, height: 1200 });
    const done = finishEvent(origin(SARI), 'dikerjakan', 'Selesai', [photo('a'), photo('b'), photo('a')]);
    expect(done).toMatchObject({ ok: true, value: { to: 'selesai', photos: [photo('a'), photo('b')] } });
    if (done.ok)
      expect(authorizeWrite(done.value, null, { name: 'sari', roles: couchRolesFor(SARI) })).toEqual({
        ok: true,
      });
    expect(finishEvent(origin(SARI), 'dikerjakan', 'Selesai', [photo('a'), photo('b')], 1)).toEqual({
      ok: false,
      errors: ['event.photos must have at most 1 items'],
    });
    expect(finishEvent(origin(SARI), 'dikerjakan', 'Selesai', [{ ...photo('c'), width: 0 }]).ok).toBe(false);
    const plain = finishEvent(origin(SARI), 'dikerjakan', 'Selesai', []);
    expect(plain.ok && 'photos' in plain.value).toBe(false);
  });

  it('refuse what the schema refuses (bad team slug, over-long text, a link to itself)', () => {
    expect(assignEvent(origin(SARI), 'Regu Satu', null).ok).toBe(false);
    expect(commentEvent(origin(SARI), 'x'.repeat(2001)).ok).toBe(false);
    expect(linkDuplicateEvent(origin(SARI), REPORT_ID).ok).toBe(false);
    expect(statusEvent(origin(SARI), 'dikerjakan', 'dikerjakan').ok).toBe(false);
  });

  it('omit empty optional notes instead of storing blanks', () => {
    const e = verifyEvent(origin(SARI), '  ');
    expect(e.ok && 'note' in e.value).toBe(false);
  });
});
