import { Router } from 'express';
import type { CaseResponse } from '../../../domain/api';
import { isDocId } from '../../../domain/formats';
import { type Report, validateReport } from '../../../domain/report';
import type { UserContext } from '../../../domain/users';
import { validateReportEvent, type ReportEvent } from '../../../domain/report-events';
import { compareEvents } from '../../../domain/status';
import { canReadReportsDoc } from '../sync/access';
import type { AssignmentLookup } from '../sync/assignments';
import { type BackendHttp, jsonOrThrow } from '../sync/backend-http';
import { fetchDocs } from '../sync/bulk-docs';
import type { DbNames } from '../couch';
import { authOf, type Authenticator } from './auth';
import { sendError } from './errors';

// One case, whole: the report and its events, for someone who does not replicate it — the officer a report
// from another team was assigned to, or a print/export of a report whose events are not all on the device.

export interface CaseDeps {
  http: BackendHttp;
  names: DbNames;
  auth: Authenticator;
  assignments: AssignmentLookup;
}

const EVENTS_PER_CASE_MAX = 5000;

/** The case as `user` may read it (the report and the events they may read, oldest first), or null. */
export async function readCase(
  deps: Omit<CaseDeps, 'auth'>,
  user: UserContext,
  id: string,
): Promise<{ report: Report; events: ReportEvent[] } | null> {
  if (!isDocId(id)) return null;
  const doc = (await fetchDocs(deps.http, deps.names.reports, [id])).get(id);
  const report = doc ? validateReport(doc) : null;
  if (!doc || !report?.ok || !canReadReportsDoc(user, doc, deps.assignments)) return null;
  const qs = new URLSearchParams({
    key: JSON.stringify(id),
    include_docs: 'true',
    limit: String(EVENTS_PER_CASE_MAX),
  });
  const view = await jsonOrThrow<{ rows: Array<{ doc?: Record<string, unknown> }> }>(
    await deps.http.admin(`${deps.names.events}/_design/tertib/_view/by_report?${qs}`),
    'by_report view',
  );
  const events: ReportEvent[] = [];
  for (const row of view.rows) {
    if (!canReadReportsDoc(user, row.doc, deps.assignments)) continue;
    const checked = validateReportEvent(row.doc);
    if (checked.ok) events.push(checked.value);
  }
  events.sort(compareEvents);
  return { report: report.value, events };
}

export function caseRoutes(deps: CaseDeps): Router {
  const router = Router();
  router.get('/:id', deps.auth.require(), async (req, res) => {
    const { user } = authOf(res);
    const id = String(req.params.id);
    if (!isDocId(id)) return sendError(res, 'bad_request', 'A case id is a report id (a UUID or ULID).');
    const found = await readCase(deps, user, id);
    // Not readable and not there answer alike, so ids cannot be probed.
    if (!found) return sendError(res, 'not_found', 'No such case.');
    const body: CaseResponse = { ok: true, ...found };
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(body);
  });
  return router;
}
