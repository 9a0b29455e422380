// What a person may do to a case (a report under follow-up) right now, and the event each action writes.
// The answer is derived from the status machine (TRANSITIONS), the permission table (PERMISSIONS via `can`)
// and the report's ownership for this user — never from a second copy of those rules — so the UI offers
// exactly what the gateway and CouchDB's validate_doc_update will accept.

import { EVENT_KIND_ACTIONS, can, ownershipOf } from './permissions';
import { REPORT_LIMITS, type Photo, type Report } from './report';
import { validateReportEvent, type ReportEvent, type ReportEventKind } from './report-events';
import type { ReportState } from './report-state';
import { invalid, type Validation } from './result';
import { TRANSITIONS, type Status } from './status';
import type { UserContext } from './users';

/** One thing the case screen may offer. Status actions name the status they lead to. */
export type CaseAction =
  | { kind: 'verify' }
  | { kind: 'reject' }
  | { kind: 'dispose' }
  | { kind: 'change-status'; to: Status }
  | { kind: 'assign' }
  | { kind: 'comment' }
  | { kind: 'link-duplicate' };

export type CaseActionKind = CaseAction['kind'];

/** The event kind each action writes. */
export const CASE_ACTION_EVENT: Readonly<Record<CaseActionKind, ReportEventKind>> = {
  verify: 'verified',
  reject: 'rejected',
  dispose: 'disposed',
  'change-status': 'status-changed',
  assign: 'assigned',
  comment: 'commented',
  'link-duplicate': 'linked-duplicate',
};

type Actor = Pick<UserContext, 'name' | 'role' | 'team' | 'region'>;
type CaseReport = Pick<Report, 'id' | 'author' | 'team' | 'region'>;
type CaseState = Pick<
  ReportState,
  'status' | 'assignedTeam' | 'assignedOfficer' | 'verified' | 'duplicateOf'
>;

function mayWrite(user: Actor, report: CaseReport, kind: ReportEventKind): boolean {
  const action = EVENT_KIND_ACTIONS[kind];
  if (action === null) return false;
  // Writes are judged as the gateway and CouchDB's validation judge them: from the report's author, team and
  // region (an event carries only those), never from the assignment, which widens who may read, not act.
  return can(user.role, action, ownershipOf(user, report));
}

/**
 * The actions `user` may take on `report` in `state`, in the order the case screen lists them: the status
 * steps the machine allows from here (in TRANSITIONS order), then verify, assign, link, comment.
 * Verifying twice and linking a report that is already linked add nothing, so they are not offered.
 */
export function availableActions(user: Actor, report: CaseReport, state: CaseState): CaseAction[] {
  const out: CaseAction[] = [];
  for (const t of TRANSITIONS) {
    if (t.from !== state.status || t.roles.indexOf(user.role) === -1) continue;
    if (!mayWrite(user, report, t.via)) continue;
    if (t.via === 'disposed') out.push({ kind: 'dispose' });
    else if (t.via === 'rejected') out.push({ kind: 'reject' });
    else out.push({ kind: 'change-status', to: t.to });
  }
  // Verification says "this is a real violation": it means nothing once the case is closed or rejected.
  const open = state.status !== 'ditolak' && state.status !== 'selesai';
  if (open && !state.verified && mayWrite(user, report, 'verified')) out.push({ kind: 'verify' });
  if (open && mayWrite(user, report, 'assigned')) out.push({ kind: 'assign' });
  if (state.duplicateOf === null && mayWrite(user, report, 'linked-duplicate')) {
    out.push({ kind: 'link-duplicate' });
  }
  if (mayWrite(user, report, 'commented')) out.push({ kind: 'comment' });
  return out;
}

/** Whether `action` is among the available ones (status actions compare their target too). */
export function isActionAvailable(available: readonly CaseAction[], action: CaseAction): boolean {
  return available.some(
    (a) =>
      a.kind === action.kind &&
      (a.kind !== 'change-status' || action.kind !== 'change-status' || a.to === action.to),
  );
}

/** Who writes, when, under which id — the part every event shares. */
export interface EventOrigin {
  actor: Actor;
  report: CaseReport;
  /** A device-made id (`crypto.randomUUID()`), like report ids. */
  id: string;
  /** `toISOString()` of the moment of the action. */
  at: string;
}

const trimmed = (s: string | undefined): string | undefined => {
  const v = s?.trim();
  return v ? v : undefined;
};

function build(
  origin: EventOrigin,
  kind: ReportEventKind,
  extra: Record<string, unknown>,
): Validation<ReportEvent> {
  const doc: Record<string, unknown> = {
    type: 'event',
    id: origin.id,
    reportId: origin.report.id,
    kind,
    actor: origin.actor.name,
    actorRole: origin.actor.role,
    at: origin.at,
    reportAuthor: origin.report.author,
    reportTeam: origin.report.team,
    reportRegion: origin.report.region,
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) doc[k] = v;
  return validateReportEvent(doc);
}

export const verifyEvent = (o: EventOrigin, note?: string) => build(o, 'verified', { note: trimmed(note) });

export function rejectEvent(o: EventOrigin, reason: string): Validation<ReportEvent> {
  const r = trimmed(reason);
  return r === undefined ? invalid(['event.reason is required']) : build(o, 'rejected', { reason: r });
}

export function disposeEvent(o: EventOrigin, unit: string, note?: string): Validation<ReportEvent> {
  const u = trimmed(unit);
  if (u === undefined) return invalid(['event.unit is required']);
  return build(o, 'disposed', { unit: u, note: trimmed(note) });
}

export const statusEvent = (o: EventOrigin, from: Status, to: Status, note?: string) =>
  build(o, 'status-changed', { from, to, note: trimmed(note) });

/** Assigns to a team, an officer, or both; at least one must be given. */
export function assignEvent(
  o: EventOrigin,
  assignedTeam: string | null,
  assignedOfficer: string | null,
): Validation<ReportEvent> {
  const team = trimmed(assignedTeam ?? undefined) ?? null;
  const officer = trimmed(assignedOfficer ?? undefined) ?? null;
  if (team === null && officer === null) return invalid(['event must have a team or an officer']);
  return build(o, 'assigned', { assignedTeam: team, assignedOfficer: officer });
}

export function commentEvent(o: EventOrigin, text: string): Validation<ReportEvent> {
  const t = trimmed(text);
  return t === undefined ? invalid(['event.text is required']) : build(o, 'commented', { text: t });
}

export const linkDuplicateEvent = (o: EventOrigin, duplicateOf: string) =>
  build(o, 'linked-duplicate', { duplicateOf });

/**
 * The closing step needs a note saying what was done, and may carry "after" photos (issue 5: "done with a
 * closing note and optional 'after' photos"), already stored in the device's vault. `maxPhotos` is the
 * server's configured maximum (the spec's bound is the report limit).
 */
export function finishEvent(
  o: EventOrigin,
  from: Status,
  note: string,
  photos: readonly Photo[] = [],
  maxPhotos: number = REPORT_LIMITS.maxPhotos,
): Validation<ReportEvent> {
  const n = trimmed(note);
  if (n === undefined) return invalid(['event.note is required']);
  const unique = photos.filter((p, i) => photos.findIndex((q) => q.sha256 === p.sha256) === i);
  if (unique.length > maxPhotos) return invalid([`event.photos must have at most ${maxPhotos} items`]);
  return build(o, 'status-changed', {
    from,
    to: 'selesai',
    note: n,
    photos: unique.length > 0 ? unique.map((p) => ({ ...p })) : undefined,
  });
}
