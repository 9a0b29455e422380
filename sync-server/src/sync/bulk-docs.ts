import { couchRolesFor, type UserContext } from '../../../domain/users';
import { authorizeWrite } from '../../../domain/write-rules';
import type { CategoryStore } from '../categories';
import type { BackendHttp } from './backend-http';
import { jsonOrThrow } from './backend-http';
import { type SignaturePolicy, signatureRefusals } from './signature-check';

// `POST /db/<reports|events>/_bulk_docs`: each document is checked here against domain/ (the same rules as
// validate_doc_update, plus what CouchDB cannot check: the category exists, an event's copy of its report's
// author/team/region is true), then the allowed ones are written to CouchDB *as the user*, where
// validate_doc_update checks them again. A refused document comes back as CouchDB does it —
// `{id, error: 'forbidden', reason}` — in its place in the batch; the rest of the batch still goes through.

export type WriteRow =
  { id: string; ok: true; rev: string } | { id: string | null; error: string; reason: string };

export interface BulkContext {
  http: BackendHttp;
  kind: 'report' | 'event';
  backendDb: string;
  reportsDb: string;
  categories: CategoryStore;
  backendPassword: (name: string) => string;
  /**
   * Who may read a stored document. A write to an id the user may not read is judged as if nothing were
   * stored there, so the answer cannot tell them that something is (only a valid new document meets a
   * plain conflict, as it would if someone had just written that id).
   */
  canRead?: (user: UserContext, doc: Record<string, unknown>) => boolean;
  /** Device signatures (signature-check.ts); without it signatures are not checked (tests of other rules). */
  signatures?: SignaturePolicy;
  /** Signed receipts for what is stored (evidence/evidence-store.ts). */
  evidence?: {
    receiveDocuments(kind: 'report' | 'event', docs: ReadonlyArray<Record<string, unknown>>): Promise<void>;
  };
  /** The accounts, to check that an assignment names an active officer or team of the report's region. */
  users?: {
    list(): Promise<
      Array<{ name: string; role: string; team: string | null; region: string | null; disabled: boolean }>
    >;
  };
}

interface AllDocsRow {
  key: string;
  id?: string;
  error?: string;
  doc?: Record<string, unknown> | null;
  value?: { rev: string; deleted?: boolean };
}

const MAX_DOCS = 1000;

export async function fetchDocs(
  http: BackendHttp,
  db: string,
  ids: string[],
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (ids.length === 0) return out;
  const page = await jsonOrThrow<{ rows: AllDocsRow[] }>(
    await http.admin(`${db}/_all_docs?include_docs=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keys: ids }),
    }),
    'all_docs',
  );
  for (const row of page.rows) if (row.doc) out.set(row.key, row.doc);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class BulkRequestError extends Error {}

export async function bulkDocs(ctx: BulkContext, user: UserContext, body: unknown): Promise<WriteRow[]> {
  if (!isObject(body) || !Array.isArray(body.docs)) throw new BulkRequestError('Send {"docs": [...]}.');
  if (body.new_edits === false) {
    throw new BulkRequestError(
      'new_edits=false is not accepted here: documents are written as their author.',
    );
  }
  const docs = body.docs as unknown[];
  if (docs.length > MAX_DOCS) throw new BulkRequestError(`At most ${MAX_DOCS} documents per request.`);

  const ids = docs.map((d) => (isObject(d) && typeof d._id === 'string' ? d._id : null));
  const existing = await fetchDocs(
    ctx.http,
    ctx.backendDb,
    ids.filter((id): id is string => id !== null),
  );

  // Reports the events in this batch refer to, to check the copies they carry.
  const reportIds = new Set<string>();
  if (ctx.kind === 'event') {
    for (const d of docs) if (isObject(d) && typeof d.reportId === 'string') reportIds.add(d.reportId);
  }
  const reports = await fetchDocs(ctx.http, ctx.reportsDb, [...reportIds]);
  const assigns = Array.isArray(docs) && docs.some((d) => isObject(d) && d.kind === 'assigned');
  const officers =
    ctx.kind === 'event' && assigns && ctx.users
      ? (await ctx.users.list()).filter((u) => u.role === 'officer' && !u.disabled)
      : null;
  const activeCategories = new Set((await ctx.categories.list()).filter((c) => c.active).map((c) => c.id));

  const signed = ctx.signatures
    ? await signatureRefusals(
        docs.map((d, i) => (isObject(d) && ids[i] !== null && !existing.has(ids[i] as string) ? d : null)),
        ctx.kind,
        ctx.signatures,
        reports,
      )
    : new Map<number, string>();

  const rows: Array<WriteRow | null> = [];
  const toWrite: Array<{ index: number; doc: Record<string, unknown> }> = [];
  const userCtx = { name: user.name, roles: couchRolesFor(user) };

  const check = (doc: unknown, index: number): void => {
    const id = ids[index] ?? null;
    const refuse = (reason: string) => void rows.push({ id, error: 'forbidden', reason });
    if (!isObject(doc) || id === null) return refuse('Each document must be an object with a string _id.');
    if (doc.type !== ctx.kind) return refuse(`This database holds ${ctx.kind}s only.`);
    const stored = existing.get(id);
    const hidden = stored !== undefined && ctx.canRead !== undefined && !ctx.canRead(user, stored);
    const old = hidden ? undefined : stored;
    const decision = authorizeWrite(doc, old, userCtx);
    if (!decision.ok) return refuse(decision.reason);
    if (hidden) return void rows.push({ id, error: 'conflict', reason: 'Document update conflict.' });
    const unsigned = old ? undefined : signed.get(index);
    if (unsigned !== undefined) return refuse(unsigned);
    if (!old && ctx.kind === 'report' && !activeCategories.has(String(doc.categoryId))) {
      return refuse(`Unknown or retired category "${String(doc.categoryId)}".`);
    }
    if (!old && ctx.kind === 'event') {
      const report = reports.get(String(doc.reportId));
      if (!report) {
        // Not a refusal: the report may still come (sent after the event, or refused and then corrected).
        return void rows.push({
          id,
          error: 'report_missing',
          reason: 'The report this event refers to is not on the server yet; send the report first.',
        });
      }
      if (
        report.author !== doc.reportAuthor ||
        (report.team ?? null) !== (doc.reportTeam ?? null) ||
        (report.region ?? null) !== (doc.reportRegion ?? null)
      ) {
        return refuse("The event's copy of its report's author, team or region does not match the report.");
      }
      if (doc.kind === 'assigned' && officers) {
        // A follow-up assigned to a name nobody has would be a task nobody receives.
        const region = (report.region as string | null | undefined) ?? null;
        const here = officers.filter((o) => o.region === region);
        const officer = typeof doc.assignedOfficer === 'string' ? doc.assignedOfficer : null;
        const team = typeof doc.assignedTeam === 'string' ? doc.assignedTeam : null;
        if (officer !== null && !here.some((o) => o.name === officer)) {
          return refuse(`No active officer named "${officer}" works in the report's region.`);
        }
        if (team !== null && !here.some((o) => o.team === team)) {
          return refuse(`No active officer of team "${team}" works in the report's region.`);
        }
      }
    }
    // authorizeWrite lets a stored document through only when it is sent again unchanged (a retry whose
    // answer was lost): answer as if written, without a new revision.
    if (old) return void rows.push({ id, ok: true, rev: String(old._rev) });
    rows.push(null);
    toWrite.push({ index, doc });
  };
  docs.forEach(check);

  if (toWrite.length > 0) {
    const res = await ctx.http.asUser(
      user.name,
      ctx.backendPassword(user.name),
      `${ctx.backendDb}/_bulk_docs`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ docs: toWrite.map((w) => w.doc) }),
      },
    );
    const written = await jsonOrThrow<WriteRow[]>(res, 'bulk_docs');
    toWrite.forEach((w, i) => {
      rows[w.index] = written[i] ?? {
        id: ids[w.index] ?? null,
        error: 'unknown_error',
        reason: 'No answer.',
      };
    });
  }
  if (ctx.evidence) {
    // Stored now, or stored before and sent again (a retry whose answer was lost): receipts are written once.
    const stored = (rows as WriteRow[]).flatMap((row, i) => {
      const doc = docs[i];
      return 'ok' in row && row.ok && isObject(doc) ? [doc] : [];
    });
    await ctx.evidence.receiveDocuments(ctx.kind, stored);
  }
  return rows as WriteRow[];
}
