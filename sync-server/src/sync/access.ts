import { can, ownershipOf } from '../../../domain/permissions';
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
