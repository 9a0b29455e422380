import { can, ownershipOf, ownershipOfEvent } from '../../../domain/permissions';
import type { UserContext } from '../../../domain/users';

// Who may read which document, decided per document in the gateway (CouchDB has no per-document read
// security). Anything not recognisably readable is hidden: design documents, unknown types, malformed docs.

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export function canReadReportsDoc(user: UserContext, doc: Record<string, unknown> | undefined): boolean {
  if (!doc) return false;
  const id = str(doc._id) ?? '';
  if (id.startsWith('_design/') || id.startsWith('_local/')) return false;
  if (doc.type === 'report') {
    const author = str(doc.author);
    if (!author) return false;
    const ownership = ownershipOf(user, { author, team: str(doc.team), region: str(doc.region) });
    return can(user.role, 'report:read', ownership);
  }
  if (doc.type === 'event') {
    const reportAuthor = str(doc.reportAuthor);
    if (!reportAuthor) return false;
    const ownership = ownershipOfEvent(user, {
      reportAuthor,
      reportTeam: str(doc.reportTeam),
      reportRegion: str(doc.reportRegion),
    });
    return can(user.role, 'report:read', ownership);
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
