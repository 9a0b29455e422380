import { can, ownershipOf, PERMISSIONS } from '../../../domain/permissions';
import type { UserContext } from '../../../domain/users';
import type { Assignment, AssignmentLookup } from './assignments';

// Who may read which document, decided per document in the gateway (CouchDB has no per-document read
// security). Anything not recognisably readable is hidden: design documents, unknown types, malformed docs.

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/**
 * A report, or an event on one, is readable by its author, their team, the region's supervisors, admins —
 * and by the team or officer it is currently assigned to (`assignments`). An `assigned` event is also
 * readable by its own assignee and by every earlier one, so officers learn of a task, and of losing it, in
 * the same feed.
 */
export function canReadReportsDoc(
  user: UserContext,
  doc: Record<string, unknown> | undefined,
  assignments?: AssignmentLookup,
): boolean {
  if (!doc) return false;
  const id = str(doc._id) ?? '';
  if (id.startsWith('_design/') || id.startsWith('_local/')) return false;
  let author: string | null;
  let reportId: string | null;
  let team: string | null;
  let region: string | null;
  if (doc.type === 'report') {
    [author, reportId, team, region] = [str(doc.author), str(doc.id) ?? id, str(doc.team), str(doc.region)];
  } else if (doc.type === 'event') {
    [author, reportId] = [str(doc.reportAuthor), str(doc.reportId)];
    [team, region] = [str(doc.reportTeam), str(doc.reportRegion)];
  } else return false;
  if (!author) return false;
  if (can(user.role, 'report:read', ownershipOf(user, { author, team, region }))) return true;
  const candidates: Array<Assignment | null> = [];
  if (reportId && assignments) candidates.push(assignments.assignmentOf(reportId));
  if (doc.type === 'event' && doc.kind === 'assigned') {
    // The assignment itself, and any earlier one: a former assignee learns that the task moved on.
    candidates.push({ assignedTeam: str(doc.assignedTeam), assignedOfficer: str(doc.assignedOfficer) });
    if (reportId && assignments) candidates.push(...assignments.assignmentsEver(reportId));
  }
  for (const assignment of candidates) {
    if (
      assignment &&
      can(user.role, 'report:read', ownershipOf(user, { author, team, region, ...assignment }))
    )
      return true;
  }
  return false;
}

/**
 * A deleted document's tombstone carries no content to decide on; only admins see tombstones (reports and
 * events are never deleted by users — validate_doc_update refuses it — so this only hides admin clean-ups).
 */
export function canSeeTombstone(user: UserContext): boolean {
  return user.role === 'admin';
}

/** A CouchDB Mango selector (`_changes?filter=_selector`). */
export type Selector = Record<string, unknown>;

/**
 * What the backend should send of a changes feed for this user: a superset of what canReadReportsDoc lets
 * them read, built from the same permission table, so a `_changes` request costs work in proportion to what
 * the user may see rather than to the whole database. Null means no narrowing (the user may read
 * everything). The gateway still decides every row itself.
 */
export function reportsFeedSelector(
  user: UserContext,
  kind: 'report' | 'event',
  assignments?: AssignmentLookup,
): Selector | null {
  const levels = PERMISSIONS[user.role]['report:read'] ?? [];
  if (levels.includes('other')) return null;
  const field =
    kind === 'report'
      ? { author: 'author', team: 'team', region: 'region', id: '_id' }
      : { author: 'reportAuthor', team: 'reportTeam', region: 'reportRegion', id: 'reportId' };
  const any: Selector[] = [];
  if (levels.includes('own')) any.push({ [field.author]: user.name });
  if (levels.includes('team')) {
    if (user.team !== null) any.push({ [field.team]: user.team });
    const assigned = assignments?.reportsEverAssignedTo(user.name, user.team) ?? [];
    if (assigned.length > 0) any.push({ [field.id]: { $in: assigned } });
    if (kind === 'event') {
      // An assignment naming the user is readable even before the index has seen it.
      any.push({ kind: 'assigned', assignedOfficer: user.name });
      if (user.team !== null) any.push({ kind: 'assigned', assignedTeam: user.team });
    }
  }
  if (levels.includes('region') && user.region !== null) any.push({ [field.region]: user.region });
  return { type: kind, $or: any.length > 0 ? any : [{ _id: { $in: [] } }] };
}

/** The photos feed: an officer replicates their own photo documents and receipts; admins everything. */
export function photosFeedSelector(user: UserContext): Selector | null {
  return user.role === 'admin' ? null : { author: user.name };
}
