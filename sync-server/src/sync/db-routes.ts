import crypto from 'node:crypto';
import { countWrites, docsPulled } from '../metrics';
import express, { Router, type Request, type Response } from 'express';
import type { UserContext } from '../../../domain/users';
import type { CategoryStore } from '../categories';
import type { DbNames } from '../couch';
import { type Authenticator, authOf } from '../http/auth';
import { tokenId } from '../sessions';
import { PHOTO_ATTACHMENT, THUMB_ATTACHMENT } from '../../../domain/photo-rules';
import { thumbnailDocId } from '../workers/thumbnails';
import { canReadReportsDoc, photosFeedSelector, reportsFeedSelector, type Selector } from './access';
import type { AssignmentLookup } from './assignments';
import { type BackendHttp, jsonOrThrow } from './backend-http';
import { BulkRequestError, bulkDocs, fetchDocs, type BulkContext } from './bulk-docs';
import { bulkDocsPhotos, canReplicatePhotosDoc, canViewPhoto } from './photos';
import { BadRequest, handleChanges } from './changes-route';
import {
  BadSyncRequest,
  MAX_JSON_DEPTH,
  docPath,
  isClientDocId,
  isRev,
  jsonDepth,
  parseBulkGet,
  parseOpenRevs,
  parseRevsDiff,
} from './request-shapes';
import type { ChangesFollower } from './changes-follower';

// The CouchDB-compatible sync endpoints under /db/<name>/: exactly the subset RxDB's replication-couchdb
// uses (found by running it against this gateway; see sync-server/test/sync-*.test.ts), per database,
// filtered per user. Errors use CouchDB's `{error, reason}` shape, which the replicators understand.

export interface SyncDeps {
  http: BackendHttp;
  names: DbNames;
  auth: Authenticator;
  categories: CategoryStore;
  followers: { reports: ChangesFollower; events: ChangesFollower; photos: ChangesFollower };
  backendPassword: (name: string) => string;
  serverUuid: string;
  assignments: AssignmentLookup;
  users: BulkContext['users'];
  signatures: BulkContext['signatures'];
  evidence: BulkContext['evidence'];
}

type ClientDb = 'reports' | 'events' | 'photos';
const CLIENT_DBS: readonly ClientDb[] = ['reports', 'events', 'photos'];

type ReadCheck = (user: UserContext, doc: Record<string, unknown> | undefined) => boolean;

/** What a client may learn of a deleted document: that it is deleted, at which revision. */
function tombstone(doc: Record<string, unknown>): Record<string, unknown> {
  return {
    _id: doc._id,
    _rev: doc._rev,
    _deleted: true,
    ...(doc._revisions ? { _revisions: doc._revisions } : {}),
  };
}

function couchError(res: Response, status: number, error: string, reason: string): void {
  res.status(status).json({ error, reason });
}

function userOf(res: Response): UserContext {
  return authOf(res).user;
}

export function syncRoutes(deps: SyncDeps): Router {
  const router = Router();
  const readReportsDoc: ReadCheck = (user, doc) => canReadReportsDoc(user, doc, deps.assignments);
  const READ_CHECKS: Record<ClientDb, ReadCheck> = {
    reports: readReportsDoc,
    events: readReportsDoc,
    photos: canReplicatePhotosDoc,
  };
  // Photos arrive inline (base64) in _bulk_docs; everything else is small.
  router.use('/photos/_bulk_docs', express.json({ limit: '40mb', type: () => true }));
  router.use(express.json({ limit: '8mb', type: () => true }));
  router.use((req, _res, next) => {
    if (jsonDepth(req.body) > MAX_JSON_DEPTH) return next(new BadSyncRequest('The JSON nests too deeply.'));
    next();
  });

  router.get('/', (_req, res) => {
    res.json({
      couchdb: 'Welcome',
      vendor: { name: 'Tertib sync gateway' },
      uuid: deps.serverUuid,
      version: '3.3.3',
    });
  });

  router.use('/:db', (req, res, next) => {
    if (!CLIENT_DBS.includes(req.params.db as ClientDb))
      return couchError(res, 404, 'not_found', 'Database does not exist.');
    next();
  });
  router.use('/:db', deps.auth.require());

  const backendDb = (req: Request) => deps.names[req.params.db as ClientDb];
  const follower = (req: Request) => deps.followers[req.params.db as ClientDb];
  const canRead = (req: Request) => READ_CHECKS[req.params.db as ClientDb];
  /** Checkpoints (`_local/…`) are per user, so one user can neither read nor reset another's. */
  const localName = (req: Request, res: Response) => `${userOf(res).name}:${String(req.params.id)}`;
  const localPath = (req: Request, res: Response) => `_local/${encodeURIComponent(localName(req, res))}`;

  router.get('/:db', async (req, res) => {
    const info = await jsonOrThrow<{ update_seq: unknown }>(await deps.http.admin(backendDb(req)), 'db info');
    res.json({ db_name: req.params.db, update_seq: info.update_seq, instance_start_time: '0' });
  });

  const feedSelector = (req: Request, user: UserContext): Selector | null => {
    const db = req.params.db as ClientDb;
    if (db === 'photos') return photosFeedSelector(user);
    return reportsFeedSelector(user, db === 'reports' ? 'report' : 'event', deps.assignments);
  };

  router.get('/:db/_changes', async (req, res) => {
    const user = userOf(res);
    const session = tokenId(authOf(res).token);
    await handleChanges(
      {
        http: deps.http,
        backendDb: backendDb(req),
        clientDb: req.params.db as string,
        follower: follower(req),
        canRead: canRead(req),
        selector: feedSelector(req, user),
        // Ends the feed when the session ends, or when the account changes at all (disabled, or a new
        // role, team or region: what it may read was decided with the old one).
        sessionStands: () =>
          deps.auth.authenticate(req, true).then(
            (now) => JSON.stringify(now.user) === JSON.stringify(user),
            () => false,
          ),
        watchSession: (wake) => {
          const listener = (change: { sessionId: string } | { user: string }) => {
            if ('user' in change ? change.user === user.name : change.sessionId === session) wake();
          };
          deps.auth.on('changed', listener);
          return () => deps.auth.off('changed', listener);
        },
      },
      user,
      req,
      res,
    );
  });

  const allDocs = async (req: Request, res: Response) => {
    const user = userOf(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    let keys: unknown = body.keys;
    if (keys === undefined && typeof req.query.keys === 'string') {
      try {
        keys = JSON.parse(req.query.keys);
      } catch {
        return couchError(res, 400, 'bad_request', 'keys must be a JSON array.');
      }
    }
    if (!Array.isArray(keys) || keys.length > 10_000 || !keys.every((k) => typeof k === 'string')) {
      // A full listing would have to filter every document; the replicators only ever ask by keys.
      return couchError(
        res,
        400,
        'bad_request',
        'Ask for documents by keys (an array of at most 10000 ids).',
      );
    }
    const includeDocs = body.include_docs === true || req.query.include_docs === 'true';
    const docs = await fetchDocs(deps.http, backendDb(req), keys as string[]);
    const rows = (keys as string[]).map((key) => {
      const doc = docs.get(key);
      if (!doc || !canRead(req)(user, doc)) return { key, error: 'not_found' };
      return { id: key, key, value: { rev: doc._rev }, ...(includeDocs ? { doc } : {}) };
    });
    res.json({ total_rows: rows.length, offset: 0, rows });
  };
  router.get('/:db/_all_docs', allDocs);
  router.post('/:db/_all_docs', allDocs);

  router.post('/:db/_bulk_docs', async (req, res) => {
    const db = req.params.db as ClientDb;
    if (db === 'photos') {
      const rows = await bulkDocsPhotos(
        deps.http,
        deps.names.photos,
        deps.backendPassword,
        userOf(res),
        req.body,
        deps.signatures,
      );
      countWrites(db, rows);
      return void res.status(201).json(rows);
    }
    const rows = await bulkDocs(
      {
        http: deps.http,
        kind: db === 'reports' ? 'report' : 'event',
        backendDb: deps.names[db],
        reportsDb: deps.names.reports,
        categories: deps.categories,
        backendPassword: deps.backendPassword,
        canRead: readReportsDoc,
        users: deps.users,
        signatures: deps.signatures,
        evidence: deps.evidence,
      },
      userOf(res),
      req.body,
    );
    countWrites(db, rows);
    res.status(201).json(rows);
  });

  router.post('/:db/_ensure_full_commit', (_req, res) => {
    res.status(201).json({ ok: true, instance_start_time: '0' });
  });

  // A document the user may not read answers exactly as one that does not exist, on every path: the same
  // shape, and nothing of it (not even its revision) in the answer.
  const MISSING = { error: 'not_found', reason: 'missing' } as const;

  /** The readable ones among `ids`, read in one request. */
  const readableIds = async (req: Request, user: UserContext, ids: string[]): Promise<Set<string>> => {
    const docs = await fetchDocs(deps.http, backendDb(req), ids.filter(isClientDocId));
    return new Set([...docs].filter(([, doc]) => canRead(req)(user, doc)).map(([id]) => id));
  };

  router.post('/:db/_revs_diff', async (req, res) => {
    const asked = parseRevsDiff(req.body);
    const ids = [...asked.keys()].filter(isClientDocId);
    const readable = await readableIds(req, userOf(res), ids);
    const known = [...readable].filter((id) => asked.has(id));
    const diff: Record<string, { missing: string[] }> = {};
    // Unreadable and unknown ids: every revision is missing, as for a document that does not exist.
    for (const [id, revs] of asked) if (!readable.has(id)) diff[id] = { missing: revs };
    if (known.length > 0) {
      const r = await deps.http.admin(`${backendDb(req)}/_revs_diff`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Object.fromEntries(known.map((id) => [id, asked.get(id)]))),
      });
      const backend = await jsonOrThrow<Record<string, { missing?: unknown }>>(r, 'revs_diff');
      for (const id of known) {
        const missing = backend[id]?.missing;
        if (Array.isArray(missing) && missing.length > 0) diff[id] = { missing: missing.filter(isRev) };
      }
    }
    res.json(diff);
  });

  router.post('/:db/_bulk_get', async (req, res) => {
    const user = userOf(res);
    const items = parseBulkGet(req.body);
    const asked = items.filter((item) => isClientDocId(item.id));
    const qs = new URLSearchParams();
    for (const key of ['revs', 'attachments', 'latest']) if (req.query[key] === 'true') qs.set(key, 'true');
    const byId = new Map<string, Array<{ ok?: Record<string, unknown>; error?: unknown }>>();
    if (asked.length > 0) {
      const r = await deps.http.admin(`${backendDb(req)}/_bulk_get?${qs}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ docs: asked }),
      });
      const out = await jsonOrThrow<{
        results?: Array<{ id?: unknown; docs?: Array<{ ok?: Record<string, unknown>; error?: unknown }> }>;
      }>(r, 'bulk_get');
      for (const result of out.results ?? []) {
        if (typeof result.id === 'string' && Array.isArray(result.docs)) byId.set(result.id, result.docs);
      }
    }
    const missing = (item: { id: string; rev?: string }) => ({
      error: { id: item.id, rev: item.rev ?? 'undefined', ...MISSING },
    });
    const results = items.map((item) => {
      const found = (byId.get(item.id) ?? []).flatMap((d) => {
        if (!d.ok) return [];
        // A tombstone carries no content to decide on, and may still carry a body: only its identity goes out.
        if (d.ok._deleted) return [{ ok: tombstone(d.ok) }];
        return canRead(req)(user, d.ok) ? [d] : [];
      });
      return { id: item.id, docs: found.length > 0 && isClientDocId(item.id) ? found : [missing(item)] };
    });
    const sent = results.reduce((n, r) => n + r.docs.filter((d) => 'ok' in d).length, 0);
    if (sent) docsPulled.inc({ db: req.params.db as string }, sent);
    res.json({ results });
  });

  const backendJson = async (r: globalThis.Response): Promise<Record<string, unknown>> => {
    const body = (await r.json().catch(() => null)) as unknown;
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
    throw new Error(`the backend answered ${r.status} without a JSON object`);
  };

  router.get('/:db/_local/:id', async (req, res) => {
    const r = await deps.http.admin(`${backendDb(req)}/${localPath(req, res)}`);
    if (r.status === 404) {
      await r.body?.cancel();
      return couchError(res, 404, MISSING.error, MISSING.reason);
    }
    const body = await backendJson(r);
    if (r.ok) body._id = `_local/${String(req.params.id)}`;
    res.status(r.status).json(body);
  });

  router.put('/:db/_local/:id', async (req, res) => {
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw new BadSyncRequest('A checkpoint is a JSON object.');
    }
    const doc = { ...(req.body as Record<string, unknown>), _id: `_local/${localName(req, res)}` };
    const r = await deps.http.admin(`${backendDb(req)}/${localPath(req, res)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
    const body = await backendJson(r);
    if (r.status >= 500) throw new Error(`checkpoint write: backend answered ${r.status}`);
    if (r.ok) body.id = `_local/${String(req.params.id)}`;
    res.status(r.status).json(body);
  });

  router.get('/:db/:id', async (req, res) => {
    const id = String(req.params.id);
    if (!isClientDocId(id)) return couchError(res, 404, MISSING.error, MISSING.reason);
    const user = userOf(res);
    if (req.query.open_revs !== undefined) {
      // PouchDB's fallback when _bulk_get is missing: JSON only, filtered, answered as CouchDB answers for a
      // missing document when the user may not read it.
      const openRevs = parseOpenRevs(req.query.open_revs);
      const qs = new URLSearchParams({ open_revs: openRevs === 'all' ? 'all' : JSON.stringify(openRevs) });
      for (const key of ['revs', 'latest']) if (req.query[key] === 'true') qs.set(key, 'true');
      const notThere = () =>
        openRevs === 'all'
          ? couchError(res, 404, MISSING.error, MISSING.reason)
          : void res.json(openRevs.map((rev) => ({ missing: rev })));
      if (!(await readableIds(req, user, [id])).has(id)) return notThere();
      const r = await deps.http.admin(`${backendDb(req)}/${docPath(id)}?${qs}`, {
        headers: { accept: 'application/json' },
      });
      const rows = (await r.json().catch(() => null)) as Array<{ ok?: Record<string, unknown> }> | null;
      if (!r.ok || !Array.isArray(rows)) return notThere();
      if (rows.some((row) => row.ok && !row.ok._deleted && !canRead(req)(user, row.ok))) return notThere();
      return void res.json(rows.map((row) => (row.ok?._deleted ? { ok: tombstone(row.ok) } : row)));
    }
    const docs = await fetchDocs(deps.http, backendDb(req), [id]);
    const doc = docs.get(id);
    if (!doc || !canRead(req)(user, doc)) return couchError(res, 404, MISSING.error, MISSING.reason);
    res.json(doc);
  });

  router.get('/photos/:id/:attachment', async (req, res) => {
    const id = String(req.params.id);
    const name = String(req.params.attachment);
    if (!id.startsWith('photo:') || (name !== 'photo.jpg' && name !== 'thumb.jpg')) {
      return couchError(res, 404, 'not_found', 'missing');
    }
    const doc = (await fetchDocs(deps.http, deps.names.photos, [id])).get(id);
    if (!doc || !(await canViewPhoto(deps.http, deps.names, userOf(res), doc, deps.assignments))) {
      return couchError(res, 404, 'not_found', 'missing');
    }
    // A thumbnail is the server's own, made from the verified bytes, once the receipt worker has made it;
    // until then the device's, which clients must not keep (no `immutable`: remote-photos.ts checks).
    if (name === THUMB_ATTACHMENT) {
      const own = await deps.http.admin(
        `${deps.names.thumbnails}/${encodeURIComponent(thumbnailDocId(String(doc.sha256)))}/${THUMB_ATTACHMENT}`,
      );
      if (own.ok) return sendJpeg(res, own, true);
      await own.body?.cancel();
    }
    const r = await deps.http.admin(`${deps.names.photos}/${encodeURIComponent(id)}/${name}`);
    if (!r.ok) return couchError(res, 404, 'not_found', 'missing');
    await sendJpeg(res, r, name === PHOTO_ATTACHMENT);
  });

  router.use((_req: Request, res: Response) =>
    couchError(res, 404, 'not_found', 'This endpoint is not offered.'),
  );
  router.use((err: unknown, _req: Request, res: Response, next: (e: unknown) => void) => {
    if (res.headersSent) return next(err);
    if (err instanceof BadRequest || err instanceof BulkRequestError || err instanceof BadSyncRequest)
      return couchError(res, 400, 'bad_request', err.message);
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.parse.failed') return couchError(res, 400, 'bad_request', 'invalid UTF-8 JSON');
    if (e.type === 'entity.too.large')
      return couchError(res, 413, 'too_large', 'The request body is too large.');
    if (e.status === 401 || e.status === 403) return next(err);
    next(err);
  });
  return router;
}

async function sendJpeg(res: Response, from: globalThis.Response, immutable: boolean): Promise<void> {
  res.setHeader('content-type', 'image/jpeg');
  // Content-addressed bytes never change, so clients may cache them for good; a stand-in may not be cached.
  res.setHeader('cache-control', immutable ? 'private, max-age=31536000, immutable' : 'private, no-cache');
  res.send(Buffer.from(await from.arrayBuffer()));
}

export function newServerUuid(): string {
  return crypto.randomBytes(16).toString('hex');
}
