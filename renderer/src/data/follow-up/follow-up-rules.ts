// What an officer follows after filing: the tasks assigned to them or their team, and which new events are
// worth a notification. Pure, so the rules are unit-tested apart from RxDB and the notification APIs.

import type { SessionUser } from '../../../../domain/api';
import type { ReportEvent, ReportEventOf } from '../../../../domain/report-events';
import { roleMayWrite } from '../../../../domain/report-state';
import { compareEvents } from '../../../../domain/status';

export interface CurrentAssignment {
  reportId: string;
  assignedTeam: string | null;
  assignedOfficer: string | null;
  /** The `assigned` event that made it. */
  event: ReportEventOf<'assigned'>;
}

/**
 * Each report's current assignment: its latest `assigned` event (time, then id — the order every replica
 * agrees on), counting only events whose actor may assign, as `foldReportState` and the gateway do.
 */
export function currentAssignments(events: readonly ReportEvent[]): Map<string, CurrentAssignment> {
  const out = new Map<string, CurrentAssignment>();
  for (const event of events) {
    if (event.kind !== 'assigned' || !roleMayWrite(event.actorRole, 'assigned')) continue;
    const current = out.get(event.reportId);
    if (current && compareEvents(current.event, event) >= 0) continue;
    out.set(event.reportId, {
      reportId: event.reportId,
      assignedTeam: event.assignedTeam,
      assignedOfficer: event.assignedOfficer,
      event,
    });
  }
  return out;
}

/** An assignment to the officer by name, or to their team. */
export function isAssignedTo(
  assignment: Pick<CurrentAssignment, 'assignedTeam' | 'assignedOfficer'>,
  user: Pick<SessionUser, 'name' | 'team'>,
): boolean {
  if (assignment.assignedOfficer !== null) return assignment.assignedOfficer === user.name;
  return assignment.assignedTeam !== null && assignment.assignedTeam === user.team;
}

/** Kinds a person acts on; `submitted` and `photo-received` are the app's own bookkeeping. */
const NOTIFIED_KINDS: ReadonlySet<ReportEvent['kind']> = new Set([
  'verified',
  'rejected',
  'disposed',
  'status-changed',
  'assigned',
  'commented',
  'linked-duplicate',
] as const);

/**
 * Whether a newly arrived event should notify this user: someone else did something to a report they filed,
 * or assigned a follow-up to them or their team. Their own actions and bookkeeping never notify.
 */
export function shouldNotify(event: ReportEvent, user: Pick<SessionUser, 'name' | 'team'>): boolean {
  if (event.actor === user.name || !NOTIFIED_KINDS.has(event.kind)) return false;
  if (event.reportAuthor === user.name) return true;
  return event.kind === 'assigned' && isAssignedTo(event, user);
}

/**
 * The events to notify about out of a batch that just arrived on this device, oldest first. Each event is
 * inserted into the local database once, so a batch never repeats; but the first sync on a device brings
 * the whole history, so events made before `since` (when this user first used this device, less a margin
 * for clocks that disagree) are history, not news.
 */
export function selectNotifications(
  arrived: readonly ReportEvent[],
  user: Pick<SessionUser, 'name' | 'team'>,
  since: string,
): ReportEvent[] {
  return [...arrived].sort(compareEvents).filter((event) => event.at >= since && shouldNotify(event, user));
}

/** How far another device's clock may run behind ours before its fresh events look like history. */
export const CLOCK_MARGIN_MS = 10 * 60 * 1000;
