// The report status machine (the Jakarta CRM flow) and the reducer that folds a report's append-only events
// into its current status. Status is never stored on the report: it is derived, so two supervisors acting
// offline cannot produce a conflicting "status" field — only two events, which fold deterministically.

import type { ReportEvent, ReportEventKind } from './report-events';
import type { Role } from './users';

export const STATUSES = ['menunggu', 'disposisi', 'koordinasi', 'dikerjakan', 'selesai', 'ditolak'] as const;
export type Status = (typeof STATUSES)[number];

export const INITIAL_STATUS: Status = 'menunggu';

export const STATUS_LABELS: Record<Status, { id: string; en: string }> = {
  menunggu: { id: 'Menunggu', en: 'Waiting' },
  disposisi: { id: 'Disposisi', en: 'Dispatched' },
  koordinasi: { id: 'Koordinasi', en: 'In coordination' },
  dikerjakan: { id: 'Dikerjakan', en: 'In progress' },
  selesai: { id: 'Selesai', en: 'Done' },
  ditolak: { id: 'Ditolak', en: 'Rejected' },
};

/** The event kinds that move a report from one status to another. */
export type StatusEventKind = Extract<ReportEventKind, 'disposed' | 'rejected' | 'status-changed'>;

export interface Transition {
  from: Status;
  to: Status;
  via: StatusEventKind;
  roles: readonly Role[];
}

const REVIEWERS: readonly Role[] = ['supervisor', 'admin'];
const ADMINS: readonly Role[] = ['admin'];

/**
 * Why these and no others:
 * - Officers make no transition: they file and comment; review is someone else's job.
 * - Entering `disposisi` needs the unit it goes to, and entering `ditolak` needs a reason, so those two
 *   happen only through `disposed` / `rejected` events, which carry that data; `status-changed` covers the
 *   steps that need nothing more.
 * - `disposisi → dikerjakan`: many cases need no coordination between units, so it may be skipped.
 * - Rejection is possible while waiting and right after dispatch (the unit finds nothing there, or a
 *   duplicate); once units coordinate, the case is accepted and ends as `selesai`.
 * - `selesai` and `ditolak` are final for supervisors. An admin can reopen either (a wrong rejection, a
 *   relapse), as a new event — nothing is edited, so history shows the mistake and its correction.
 */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'menunggu', to: 'disposisi', via: 'disposed', roles: REVIEWERS },
  { from: 'menunggu', to: 'ditolak', via: 'rejected', roles: REVIEWERS },
  { from: 'disposisi', to: 'koordinasi', via: 'status-changed', roles: REVIEWERS },
  { from: 'disposisi', to: 'dikerjakan', via: 'status-changed', roles: REVIEWERS },
  { from: 'disposisi', to: 'ditolak', via: 'rejected', roles: REVIEWERS },
  { from: 'koordinasi', to: 'dikerjakan', via: 'status-changed', roles: REVIEWERS },
  { from: 'dikerjakan', to: 'selesai', via: 'status-changed', roles: REVIEWERS },
  { from: 'ditolak', to: 'menunggu', via: 'status-changed', roles: ADMINS },
  { from: 'selesai', to: 'dikerjakan', via: 'status-changed', roles: ADMINS },
];

export const isStatus = (v: unknown): v is Status =>
  typeof v === 'string' && STATUSES.indexOf(v as Status) !== -1;

/** The transition an event would make from `status`, if it is legal for the event's actor; else null. */
export function transitionFor(status: Status, event: ReportEvent): Transition | null {
  let to: Status;
  if (event.kind === 'disposed') to = 'disposisi';
  else if (event.kind === 'rejected') to = 'ditolak';
  else if (event.kind === 'status-changed') {
    // An event made offline against a status that has since moved on is stale: it must not apply.
    if (event.from !== status) return null;
    to = event.to;
  } else return null;
  const kind = event.kind;
  return (
    TRANSITIONS.find(
      (t) => t.from === status && t.to === to && t.via === kind && t.roles.indexOf(event.actorRole) !== -1,
    ) ?? null
  );
}

/** May `role` change a report's status from `from` to `to` with a `status-changed` event? */
export function canChangeStatus(role: Role, from: Status, to: Status): boolean {
  return TRANSITIONS.some(
    (t) => t.via === 'status-changed' && t.from === from && t.to === to && t.roles.indexOf(role) !== -1,
  );
}

/** The order every replica agrees on: time, then id to break ties (ids are unique). */
export function compareEvents(a: Pick<ReportEvent, 'at' | 'id'>, b: Pick<ReportEvent, 'at' | 'id'>): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/**
 * Folds one report's events into its current status. Events that would make an illegal transition (wrong
 * role, wrong starting status, stale `from`) are skipped, not fatal: they were accepted by some replica
 * while offline and are still part of the history, they just do not move the status.
 */
export function currentStatus(events: readonly ReportEvent[]): Status {
  let status: Status = INITIAL_STATUS;
  for (const event of [...events].sort(compareEvents)) {
    const t = transitionFor(status, event);
    if (t) status = t.to;
  }
  return status;
}
