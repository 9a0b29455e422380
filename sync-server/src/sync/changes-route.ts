import type { Request, Response } from 'express';
import { docsPulled, liveClients } from '../metrics';
import type { UserContext } from '../../../domain/users';
import type { BackendHttp } from './backend-http';
import { jsonOrThrow } from './backend-http';
import type { Selector } from './access';
import type { ChangeRow, ChangesFollower, ChangesPage } from './changes-follower';

// `GET /db/<name>/_changes`, the part of CouchDB's changes API that RxDB's and PouchDB's replicators use:
// feed=normal|longpoll, since (a sequence or `now`), limit, include_docs, style, heartbeat, timeout.
// Rows the user may not read are left out; `last_seq` still advances past them, so a client never stalls
// on documents it cannot see. The backend is asked only for what the user may see (a Mango selector built
// from the permission table, access.ts), so a request costs work in proportion to that, not to the whole
// database; the gateway still decides every row. Longpolls wait on the database's single follower, never
// on the backend, and end when their session does.

export interface ChangesContext {
  http: BackendHttp;
  backendDb: string;
  /** The client's name of the database (`reports`), for the metrics' labels. */
  clientDb: string;
  follower: ChangesFollower;
  canRead: (user: UserContext, doc: Record<string, unknown> | undefined) => boolean;
  /** What the backend should send for this user; null: everything. */
  selector: Selector | null;
  /** Read afresh (no cache) just before a live feed delivers: does its session still stand? */
  sessionStands: () => Promise<boolean>;
  /** Calls back when something happened that may have ended this session; returns the unsubscribe. */
  watchSession: (wake: () => void) => () => void;
}

const MAX_LIMIT = 10_000;
const DEFAULT_LIMIT = 1_000;
const MAX_WAIT_MS = 60_000;
/** Smallest backend page: a client asking `limit=1` must not cost one backend round trip per row. */
const MIN_BACKEND_PAGE = 100;

function intParam(v: unknown): number | null {
  if (typeof v !== 'string' || !/^\d{1,9}$/.test(v)) return null;
  return Number(v);
}

/** A sequence as clients send it back: a number, or CouchDB 3's opaque string (long on a sharded cluster). */
const SEQ_RE = /^[A-Za-z0-9_\-.[\],"]{1,10000}$/;

export class BadRequest extends Error {}

/** Rows sent with their documents count as pulled documents (metrics.ts). */
function countPulled(db: string, page: Scan): void {
  if (page.results.length) docsPulled.inc({ db }, page.results.length);
}

export interface Scan {
  results: ChangeRow[];
  last_seq: string | number;
}

export async function readChanges(
  ctx: ChangesContext,
  user: UserContext,
  since: string,
  limit: number,
  style: string,
  includeDocs: boolean,
): Promise<Scan> {
  const out: ChangeRow[] = [];
  let cursor: string | number = since;
  const pageSize = Math.max(limit, MIN_BACKEND_PAGE);
  for (;;) {
    const qs: URLSearchParams = new URLSearchParams({
      since: String(cursor),
      limit: String(pageSize),
      include_docs: 'true',
      style,
      ...(ctx.selector ? { filter: '_selector' } : {}),
    });
    const response = await ctx.http.admin(
      `${ctx.backendDb}/_changes?${qs}`,
      ctx.selector
        ? {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ selector: ctx.selector }),
          }
        : {},
    );
    if (response.status === 400) {
      await response.body?.cancel();
      throw new BadRequest('since is not a sequence of this database');
    }
    const page: ChangesPage = await jsonOrThrow<ChangesPage>(response, 'changes');
    for (const row of page.results) {
      if (ctx.canRead(user, row.doc)) {
        const { doc, ...rest } = row;
        out.push(includeDocs ? { ...rest, doc } : rest);
        // Stop at a full page; the client resumes after this row's sequence. Reading the backend ahead of
        // that costs rows read twice, never rows lost.
        if (out.length >= limit) return { results: out, last_seq: row.seq };
      }
    }
    cursor = page.last_seq;
    const atEnd = page.results.length < pageSize;
    // Keep reading until the page is full or the feed ends, however many invisible rows that takes: RxDB's
    // pull takes a page shorter than `limit` (an empty one too) to mean "caught up", keeps no checkpoint
    // for it and then only follows new changes, so any short page before the end — a supervisor's region
    // among others, a long run of another team's documents — would leave the rest unpulled for good.
    if (atEnd) return { results: out, last_seq: cursor };
  }
}

export async function handleChanges(ctx: ChangesContext, user: UserContext, req: Request, res: Response) {
  const q = req.query as Record<string, unknown>;
  const feed = q.feed === undefined ? 'normal' : q.feed;
  if (feed !== 'normal' && feed !== 'longpoll') {
    throw new BadRequest('feed must be normal or longpoll');
  }
  const limit = Math.min(MAX_LIMIT, Math.max(1, intParam(q.limit) ?? DEFAULT_LIMIT));
  const includeDocs = q.include_docs === 'true';
  const style = q.style === 'all_docs' ? 'all_docs' : 'main_only';
  const rawSince = typeof q.since === 'string' && q.since !== '' ? q.since : '0';
  if (rawSince !== 'now' && !SEQ_RE.test(rawSince)) throw new BadRequest('since is not a sequence');
  // `now` is the backend's end at this moment, asked of the backend: the follower may be a poll behind.
  const since =
    rawSince === 'now'
      ? String(
          (
            await jsonOrThrow<ChangesPage>(
              await ctx.http.admin(`${ctx.backendDb}/_changes?since=now&limit=0`),
              'changes head',
            )
          ).last_seq,
        )
      : rawSince;
  const heartbeat = intParam(q.heartbeat);
  const timeout = intParam(q.timeout);

  if (feed === 'normal') {
    const page = await readChanges(ctx, user, since, limit, style, includeDocs);
    if (includeDocs) countPulled(ctx.clientDb, page);
    res.json(page);
    return;
  }

  // Longpoll: listen first, then look, so a change landing in between is not missed.
  const db = ctx.clientDb;
  liveClients.inc({ db });
  let dirty = false;
  let wake: (() => void) | null = null;
  /** Where this client stands; a follower batch starting exactly there can answer it directly. */
  let position: string | null = null;
  let direct: Scan | null = null;
  const onChanges = (rows: ChangeRow[], lastSeq: string | number, previous: string | number) => {
    const visible = rows.filter((r) => ctx.canRead(user, r.doc));
    if (visible.length === 0) return;
    if (position !== null && String(previous) === position && direct === null) {
      // Fan-out without a backend request per client: 50 supervisors waiting cost one follower read.
      const picked = visible.slice(0, limit).map((row) => {
        const { doc, ...rest } = row;
        const revs = style === 'all_docs' ? rest.changes : rest.changes.slice(0, 1);
        return includeDocs ? { ...rest, changes: revs, doc } : { ...rest, changes: revs };
      });
      const last = visible.length > limit ? (picked[picked.length - 1]?.seq ?? lastSeq) : lastSeq;
      direct = { results: picked, last_seq: last };
    } else {
      dirty = true;
    }
    wake?.();
  };
  ctx.follower.on('changes', onChanges);
  let beat: NodeJS.Timeout | null = null;
  let closed = false;
  let sessionTouched = false;
  const onClose = () => {
    closed = true;
    wake?.();
  };
  res.on('close', onClose);
  const unwatch = ctx.watchSession(() => {
    sessionTouched = true;
    wake?.();
  });
  let waited = false;
  try {
    // A client already at the follower's position has nothing to read yet: skip the backend scan.
    let result: Scan =
      since === String(ctx.follower.currentSeq())
        ? { results: [], last_seq: since }
        : await readChanges(ctx, user, since, limit, style, includeDocs);
    if (result.results.length === 0 && !closed) {
      if (heartbeat) {
        // Heartbeats keep proxies from cutting an idle request; JSON parsers skip the leading newlines.
        res.status(200).setHeader('content-type', 'application/json');
        res.flushHeaders();
        beat = setInterval(() => res.write('\n'), Math.max(1000, Math.min(heartbeat, 60_000)));
      }
      const deadline = Date.now() + Math.min(MAX_WAIT_MS, timeout ?? MAX_WAIT_MS);
      while (!closed) {
        position = String(result.last_seq);
        if (!dirty && direct === null) {
          waited = true;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
          if (sessionTouched) {
            sessionTouched = false;
            if (!(await ctx.sessionStands())) return endSession(res);
          }
          if (direct !== null) {
            result = direct;
            break;
          }
          // A wake that brought nothing (the session's own documents changed, and it still stands) waits on
          // for the rest of the time; only the deadline, or the client leaving, ends an empty feed.
          if (!dirty) {
            if (closed || Date.now() >= deadline) break;
            continue;
          }
        }
        if (direct !== null) {
          result = direct;
          break;
        }
        dirty = false;
        position = null;
        result = await readChanges(ctx, user, String(result.last_seq), limit, style, includeDocs);
        if (result.results.length > 0) break;
      }
    }
    if (closed) return;
    // The session was checked when the request came in; after a wait it may have ended (logout, an account
    // disabled, here or on another server): nothing is delivered then.
    if (waited && !(await ctx.sessionStands())) return endSession(res);
    if (includeDocs) countPulled(ctx.clientDb, result);
    if (res.headersSent) res.end(JSON.stringify(result) + '\n');
    else res.json(result);
  } finally {
    liveClients.dec({ db });
    if (beat) clearInterval(beat);
    unwatch();
    ctx.follower.off('changes', onChanges);
    res.off('close', onClose);
  }
}

const SESSION_ENDED = { error: 'unauthorized', reason: 'The session has ended. Log in again.' };

/** Ends a live feed whose session ended while it waited: 401, or after heartbeats an error body. */
function endSession(res: Response): void {
  if (res.writableEnded) return;
  if (res.headersSent) res.end(JSON.stringify(SESSION_ENDED) + '\n');
  else res.status(401).json(SESSION_ENDED);
}
