// What the sync endpoints accept, checked before anything reaches the backend: every malformed request is a
// 400 (or a 404 that looks like any missing document), never a 500 and never a request the gateway did not
// mean to make. Pure functions, table-tested against hostile input (request-shapes.test.ts).

export class BadSyncRequest extends Error {}

const MAX_ID_LENGTH = 256;
const MAX_IDS = 1000;
const MAX_REVS = 1000;
/** Deeper JSON than any document Tertib writes; deeper bodies are refused before they are walked. */
export const MAX_JSON_DEPTH = 32;

/**
 * A document id a client may name in a path or a body. `.` and `..` would address the backend's root
 * (URL parsers resolve them, even percent-encoded), control characters have no business in an id, and
 * ids starting with `_` are the backend's own (`_design/`, `_all_docs`, …).
 */
export function isClientDocId(id: unknown): id is string {
  return (
    typeof id === 'string' &&
    id.length > 0 &&
    id.length <= MAX_ID_LENGTH &&
    id !== '.' &&
    id !== '..' &&
    !id.startsWith('_') &&
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    !/[\u0000-\u001f\u007f]/.test(id)
  );
}

const REV_RE = /^[1-9][0-9]{0,8}-[0-9a-f]{1,64}$/;

export function isRev(rev: unknown): rev is string {
  return typeof rev === 'string' && REV_RE.test(rev);
}

/** A document id for the backend's URL: every character that could change the path is escaped. */
export function docPath(id: string): string {
  return encodeURIComponent(id).replace(/\./g, '%2E');
}

/** How deeply a parsed JSON value nests, counted without recursion; stops counting past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface BulkGetItem {
  id: string;
  rev?: string;
}

/** `POST _bulk_get` `{docs: [{id, rev?}]}`, reduced to exactly what the gateway will ask for. */
export function parseBulkGet(body: unknown): BulkGetItem[] {
  if (!isPlainObject(body) || !Array.isArray(body.docs)) {
    throw new BadSyncRequest('Send {"docs": [{"id": …, "rev": …}, …]}.');
  }
  if (body.docs.length > MAX_IDS) throw new BadSyncRequest(`Ask for at most ${MAX_IDS} documents at once.`);
  return body.docs.map((item: unknown) => {
    if (!isPlainObject(item) || typeof item.id !== 'string' || item.id.length === 0) {
      throw new BadSyncRequest('Each entry of docs needs an "id".');
    }
    if (item.rev !== undefined && !isRev(item.rev)) throw new BadSyncRequest('"rev" must be a revision.');
    return item.rev === undefined ? { id: item.id } : { id: item.id, rev: item.rev };
  });
}

/** `POST _revs_diff` `{"<id>": ["<rev>", …]}`. */
export function parseRevsDiff(body: unknown): Map<string, string[]> {
  if (!isPlainObject(body)) throw new BadSyncRequest('Send {"<id>": ["<rev>", …]}.');
  const ids = Object.keys(body);
  if (ids.length > MAX_IDS) throw new BadSyncRequest(`Send at most ${MAX_IDS} ids at once.`);
  const out = new Map<string, string[]>();
  for (const id of ids) {
    const revs = body[id];
    if (!Array.isArray(revs) || revs.length > MAX_REVS || !revs.every(isRev)) {
      throw new BadSyncRequest('Each id must map to a list of revisions.');
    }
    out.set(id, revs);
  }
  return out;
}

/** `?open_revs=all` or `?open_revs=["<rev>", …]`. */
export function parseOpenRevs(raw: unknown): 'all' | string[] {
  if (raw === 'all') return 'all';
  if (typeof raw !== 'string')
    throw new BadSyncRequest('open_revs must be "all" or a JSON list of revisions.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new BadSyncRequest('open_revs must be "all" or a JSON list of revisions.');
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 100 || !parsed.every(isRev)) {
    throw new BadSyncRequest('open_revs must be "all" or a JSON list of revisions.');
  }
  return parsed;
}
