import crypto from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { UserContext } from '../../../domain/users';
import type { CategoryStore } from '../categories';
import type { DbNames } from '../couch';
import { type Authenticator, authOf } from '../http/auth';
import { PHOTO_ATTACHMENT, THUMB_ATTACHMENT } from '../../../domain/photo-rules';
import { thumbnailDocId } from '../workers/thumbnails';
import { canReadReportsDoc } from './access';
import type { AssignmentLookup } from './assignments';
import { type BackendHttp, jsonOrThrow } from './backend-http';
import { BulkRequestError, bulkDocs, fetchDocs, type BulkContext } from './bulk-docs';
import { bulkDocsPhotos, canReplicatePhotosDoc, canViewPhoto } from './photos';
import { BadRequest, handleChanges } from './changes-route';
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

  router.get('/:db/_changes', async (req, res) => {
    await handleChanges(
      { http: deps.http, backendDb: backendDb(req), follower: follower(req), canRead: canRead(req) },
      userOf(res),
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
      );
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
        users: deps.users,
      },
      userOf(res),
      req.body,
    );
    res.status(201).json(rows);
  });

  router.post('/:db/_ensure_full_commit', (_req, res) => {
    res.status(201).json({ ok: true, instance_start_time: '0' });
  });

  router.post('/:db/_revs_diff', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || Object.keys(body).length > 1000) {
      return couchError(res, 400, 'bad_request', 'Send {"<id>": ["<rev>", …]} for at most 1000 ids.');
    }
    const r = await deps.http.admin(`${backendDb(req)}/_revs_diff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    res.status(r.status).json(await r.json());
  });

  router.post('/:db/_bulk_get', async (req, res) => {
    const user = userOf(res);
    const qs = new URLSearchParams();
    for (const key of ['revs', 'attachments', 'latest']) if (req.query[key] === 'true') qs.set(key, 'true');
    const r = await deps.http.admin(`${backendDb(req)}/_bulk_get?${qs}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(req.body ?? {}),
    });
    const out = await jsonOrThrow<{
      results: Array<{ id: string; docs: Array<{ ok?: Record<string, unknown>; error?: unknown }> }>;
    }>(r, 'bulk_get');
    for (const result of out.results) {
      result.docs = result.docs.map((d) => {
        if (!d.ok) return d;
        // A tombstone carries no content to decide on, and may still carry a body: only its identity goes out.
        if (d.ok._deleted) return { ok: tombstone(d.ok) };
        return canRead(req)(user, d.ok)
          ? d
          : { error: { id: result.id, rev: String(d.ok._rev), error: 'not_found', reason: 'missing' } };
      });
    }
    res.json(out);
  });

  router.get('/:db/_local/:id', async (req, res) => {
    const r = await deps.http.admin(`${backendDb(req)}/${localPath(req, res)}`);
    const body = (await r.json()) as Record<string, unknown>;
    if (r.ok) body._id = `_local/${String(req.params.id)}`;
    res.status(r.status).json(body);
  });

  router.put('/:db/_local/:id', async (req, res) => {
    const doc = { ...(req.body as Record<string, unknown>), _id: `_local/${localName(req, res)}` };
    const r = await deps.http.admin(`${backendDb(req)}/${localPath(req, res)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
    const body = (await r.json()) as Record<string, unknown>;
    if (r.ok) body.id = `_local/${String(req.params.id)}`;
    res.status(r.status).json(body);
  });

  router.get('/:db/:id', async (req, res) => {
    const id = String(req.params.id);
    if (id.startsWith('_')) return couchError(res, 404, 'not_found', 'missing');
    const user = userOf(res);
    if (req.query.open_revs !== undefined) {
      // PouchDB's fallback when _bulk_get is missing: pass the query through, JSON only, filtered.
      const qs = new URLSearchParams(req.query as Record<string, string>);
      const r = await deps.http.admin(`${backendDb(req)}/${encodeURIComponent(id)}?${qs}`, {
        headers: { accept: 'application/json' },
      });
      if (!r.ok) return void res.status(r.status).json(await r.json());
      const rows = (await r.json()) as Array<{ ok?: Record<string, unknown> }>;
      if (rows.some((row) => row.ok && !row.ok._deleted && !canRead(req)(user, row.ok))) {
        return couchError(res, 404, 'not_found', 'missing');
      }
      return void res.json(rows.map((row) => (row.ok?._deleted ? { ok: tombstone(row.ok) } : row)));
    }
    const docs = await fetchDocs(deps.http, backendDb(req), [id]);
    const doc = docs.get(id);
    if (!doc || !canRead(req)(user, doc)) return couchError(res, 404, 'not_found', 'missing');
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
    if (err instanceof BadRequest || err instanceof BulkRequestError)
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
