// Who may do what, as one data table: role × action × ownership. The sync-server checks it before writing
// and when filtering what each user may read; CouchDB's validate_doc_update embeds the same table.

import type { ReportEventKind } from './report-events';
import type { Role, UserContext } from './users';

export const ACTIONS = [
  'report:create',
  'report:read',
  'event:submit',
  'event:comment',
  'event:verify',
  'event:reject',
  'event:dispose',
  'event:change-status',
  'event:assign',
  'event:link-duplicate',
  'user:manage',
  'stats:read',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * How a report relates to the user, most specific first: they wrote it; it belongs to (or is assigned to)
 * their team; it is in their region; anything else. For actions not about one report (`user:manage`,
 * `stats:read`) the ownership is the scope asked for (`other` = everything).
 */
export const OWNERSHIPS = ['own', 'team', 'region', 'other'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

const OWN: readonly Ownership[] = ['own'];
const OWN_TEAM: readonly Ownership[] = ['own', 'team'];
const UP_TO_REGION: readonly Ownership[] = ['own', 'team', 'region'];
const ALL: readonly Ownership[] = OWNERSHIPS;

/**
 * - Officers file reports and follow their own and their team's; they comment on their own only, so a
 *   report's thread stays between its author and the people reviewing it.
 * - Supervisors act on everything in their region (a team sits inside a region).
 * - Admins do everything except file reports: they are at HQ, not on patrol, and a report needs a patrol
 *   team and region. CouchDB's validation enforces the same, so the gateway never accepts a write that
 *   CouchDB would then refuse (RxDB would retry that refused write forever).
 */
export const PERMISSIONS: Readonly<Record<Role, Readonly<Partial<Record<Action, readonly Ownership[]>>>>> = {
  officer: {
    'report:create': OWN,
    'report:read': OWN_TEAM,
    'event:submit': OWN,
    'event:comment': OWN,
  },
  supervisor: {
    'report:create': OWN,
    'report:read': UP_TO_REGION,
    'event:submit': OWN,
    'event:comment': UP_TO_REGION,
    'event:verify': UP_TO_REGION,
    'event:reject': UP_TO_REGION,
    'event:dispose': UP_TO_REGION,
    'event:change-status': UP_TO_REGION,
    'event:assign': UP_TO_REGION,
    'event:link-duplicate': UP_TO_REGION,
    'stats:read': UP_TO_REGION,
  },
  admin: {
    'report:read': ALL,
    'event:comment': ALL,
    'event:verify': ALL,
    'event:reject': ALL,
    'event:dispose': ALL,
    'event:change-status': ALL,
    'event:assign': ALL,
    'event:link-duplicate': ALL,
    'user:manage': ALL,
    'stats:read': ALL,
  },
};

export function can(role: Role, action: Action, ownership: Ownership): boolean {
  if (!Object.prototype.hasOwnProperty.call(PERMISSIONS, role)) return false;
  const table = PERMISSIONS[role];
  if (!Object.prototype.hasOwnProperty.call(table, action)) return false;
  return (table[action] ?? []).indexOf(ownership) !== -1;
}

/**
 * The action that writing an event of each kind is. `photo-received` is no user's action: only the server's
 * photo worker (a CouchDB `_admin`) writes it, after checking the photo's sha256 itself.
 */
export const EVENT_KIND_ACTIONS: Readonly<Record<ReportEventKind, Action | null>> = {
  submitted: 'event:submit',
  verified: 'event:verify',
  rejected: 'event:reject',
  disposed: 'event:dispose',
  'status-changed': 'event:change-status',
  assigned: 'event:assign',
  commented: 'event:comment',
  'photo-received': null,
  'linked-duplicate': 'event:link-duplicate',
};

export interface ReportLike {
  author: string;
  team: string | null;
  region: string | null;
  /** From the report's latest `assigned` event, when the caller has folded it. */
  assignedTeam?: string | null;
  assignedOfficer?: string | null;
}

export function ownershipOf(
  user: Pick<UserContext, 'name' | 'team' | 'region'>,
  report: ReportLike,
): Ownership {
  if (report.author === user.name) return 'own';
  if (report.assignedOfficer === user.name) return 'team';
  if (user.team !== null && report.team === user.team) return 'team';
  // Assigned to one officer by name: that officer, not their whole team (the app shows the task to them only).
  const officerNamed = report.assignedOfficer !== undefined && report.assignedOfficer !== null;
  if (user.team !== null && !officerNamed && report.assignedTeam === user.team) return 'team';
  if (user.region !== null && report.region === user.region) return 'region';
  return 'other';
}

/** The same, from an event's denormalized copy of its report's author, team and region. */
export function ownershipOfEvent(
  user: Pick<UserContext, 'name' | 'team' | 'region'>,
  event: { reportAuthor: string; reportTeam: string | null; reportRegion: string | null },
): Ownership {
  return ownershipOf(user, {
    author: event.reportAuthor,
    team: event.reportTeam,
    region: event.reportRegion,
  });
}
