// Pure readers and rewriters of the CouchDB answers that pass through the sync fetch (sync-fetch.ts).

/** A per-document error that retrying the same document can never fix: the server refused its content. */
const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  'forbidden',
  'unauthorized',
  'bad_request',
  'invalid',
  'doc_validation',
]);

/**
 * A per-document error that a later attempt can fix: the event's report is not on the server yet. Such a
 * document is answered to RxDB as written too (RxDB would retry the whole batch forever) and re-sent by the
 * engine once its report is there.
 */
const DEFERRED_ERRORS: ReadonlySet<string> = new Set(['report_missing']);

export interface Refusal {
  id: string;
  error: string;
  reason: string;
}

export interface BulkDocsOutcome {
  /** The rows to hand to RxDB: refusals turned into ok rows, everything else untouched. */
  rows: unknown[];
  /** Ids the server stored (or already held unchanged). */
  accepted: string[];
  /** Documents the server refused for good, with its reason. */
  refused: Refusal[];
  /** Documents the server cannot take yet (`report_missing`): to be sent again later, by id. */
  deferred: Refusal[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * RxDB's CouchDB push throws on any per-document error except `conflict` and then retries the same batch
 * every `retryTime`, forever (DESIGN.md "Library quirks"). A refused report is therefore recorded by the
 * caller and answered to RxDB as written, so the push moves on; the report is sent again only once the
 * officer corrects it (a new local revision). `conflict` rows are left for RxDB's conflict handling, and
 * unknown errors (`unknown_error`, …) too: those may be transient, so the batch is retried with backoff.
 */
export function rewriteBulkDocsRows(body: unknown): BulkDocsOutcome {
  if (!Array.isArray(body)) return { rows: [], accepted: [], refused: [], deferred: [] };
  const accepted: string[] = [];
  const refused: Refusal[] = [];
  const deferred: Refusal[] = [];
  const rows = body.map((row: unknown) => {
    if (!isRecord(row) || typeof row.id !== 'string') return row;
    if (row.ok === true) {
      accepted.push(row.id);
      return row;
    }
    const error = typeof row.error === 'string' ? row.error : '';
    const later = DEFERRED_ERRORS.has(error);
    if (!later && !PERMANENT_ERRORS.has(error)) return row;
    const reason = typeof row.reason === 'string' && row.reason.trim() !== '' ? row.reason : error;
    (later ? deferred : refused).push({ id: row.id, error, reason: reason.slice(0, 500) });
    return { id: row.id, ok: true, rev: typeof row.rev === 'string' ? row.rev : '0-refused' };
  });
  return { rows, accepted, refused, deferred };
}

/** Ids of live (not deleted) documents in a `_changes` answer: the server holds each of them. */
export function changedIds(body: unknown): string[] {
  if (!isRecord(body) || !Array.isArray(body.results)) return [];
  return body.results.flatMap((row: unknown) => {
    if (!isRecord(row) || typeof row.id !== 'string' || row.id.startsWith('_')) return [];
    const doc = row.doc;
    if (row.deleted === true || (isRecord(doc) && doc._deleted === true)) return [];
    return [row.id];
  });
}

/** Ids a `_all_docs?keys=…` answer shows the server holding (rows with a live document or value). */
export function heldIds(body: unknown): string[] {
  if (!isRecord(body) || !Array.isArray(body.rows)) return [];
  return body.rows.flatMap((row: unknown) => {
    if (!isRecord(row) || typeof row.id !== 'string' || 'error' in row) return [];
    const value = row.value;
    if (isRecord(value) && value.deleted === true) return [];
    if (row.doc === null) return [];
    return [row.id];
  });
}
