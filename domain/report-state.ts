// Everything about a report that its events determine, folded in one pass. The server's materializer
// stores this beside each report for review lists and statistics; the renderer computes the same locally
// while offline. Both fold the same events the same way, so they agree without talking to each other.

import { ACTIONS, EVENT_KIND_ACTIONS, OWNERSHIPS, can } from './permissions';
import type { ReportEvent, ReportEventKind } from './report-events';
import { compareEvents, INITIAL_STATUS, transitionFor, type Status } from './status';
import type { Role } from './users';

export interface ReportState {
  status: Status;
  /** The unit the report was dispatched to (last applied `disposed`). */
  unit: string | null;
  rejectionReason: string | null;
  assignedTeam: string | null;
  assignedOfficer: string | null;
  verified: boolean;
  duplicateOf: string | null;
  /** sha256 of each photo the server has confirmed holding — "synced" means this, never "sent". */
  photosReceived: string[];
  comments: number;
  lastEventAt: string | null;
  /** When the report last entered `selesai`, while it is there; null otherwise (never closed, or reopened). */
  closedAt: string | null;
}

/** Whether `role` may write `kind` events at all, whatever the report (ownership is checked on write). */
export function roleMayWrite(role: Role, kind: ReportEventKind): boolean {
  const action = EVENT_KIND_ACTIONS[kind];
  if (action === null) return role === 'admin'; // photo-received: the server's worker writes as admin
  return ACTIONS.indexOf(action) !== -1 && OWNERSHIPS.some((o) => can(role, action, o));
}

export function foldReportState(events: readonly ReportEvent[]): ReportState {
  const state: ReportState = {
    status: INITIAL_STATUS,
    unit: null,
    rejectionReason: null,
    assignedTeam: null,
    assignedOfficer: null,
    verified: false,
    duplicateOf: null,
    photosReceived: [],
    comments: 0,
    lastEventAt: null,
    closedAt: null,
  };
  for (const e of [...events].sort(compareEvents)) {
    state.lastEventAt = e.at;
    // Events that a replica accepted but that their actor's role may not write are history, not state.
    if (!roleMayWrite(e.actorRole, e.kind)) continue;
    const t = transitionFor(state.status, e);
    if (t) {
      state.status = t.to;
      state.closedAt = t.to === 'selesai' ? e.at : null;
      if (e.kind === 'disposed') state.unit = e.unit;
      if (e.kind === 'rejected') state.rejectionReason = e.reason;
      else state.rejectionReason = null;
    }
    switch (e.kind) {
      case 'assigned':
        state.assignedTeam = e.assignedTeam;
        state.assignedOfficer = e.assignedOfficer;
        break;
      case 'verified':
        state.verified = true;
        break;
      case 'linked-duplicate':
        state.duplicateOf = e.duplicateOf;
        break;
      case 'photo-received':
        if (state.photosReceived.indexOf(e.sha256) === -1) state.photosReceived.push(e.sha256);
        break;
      case 'commented':
        state.comments += 1;
        break;
      default:
        break;
    }
  }
  return state;
}
