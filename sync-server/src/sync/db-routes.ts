import crypto from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { UserContext } from '../../../domain/users';
import type { CategoryStore } from '../categories';
import type { DbNames } from '../couch';
import { type Authenticator, authOf } from '../http/auth';
import { canReadReportsDoc } from './access';
import { type BackendHttp, jsonOrThrow } from './backend-http';
import { BulkRequestError, bulkDocs, fetchDocs } from './bulk-docs';
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
  followers: { reports: ChangesFollower; events: ChangesFollower };
  backendPassword: (name: string) => string;
  serverUuid: string;
}

type ClientDb = 'reports' | 'events';
const CLIENT_DBS: readonly ClientDb[] = ['reports', 'events'];

function couchError(res: Response, status: number, error: string, reason: string): void {
  res.status(status).json({ error, reason });
}

function userOf(res: Response): UserContext {
  return authOf(res).user;
}

export function syncRoutes(deps: SyncDeps): Router {
  const router = Router();
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

  router.get('/:db', async (req, res) => {
    const info = await jsonOrThrow<{ update_seq: unknown }>(await deps.http.admin(backendDb(req)), 'db info');
    res.json({ db_name: req.params.db, update_seq: info.update_seq, instance_start_time: '0' });
  });

  router.get('/:db/_changes', async (req, res) => {
    await handleChanges(
      { http: deps.http, backendDb: backendDb(req), follower: follower(req), canRead: canReadReportsDoc },
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
      if (!doc || !canReadReportsDoc(user, doc)) return { key, error: 'not_found' };
      return { id: key, key, value: { rev: doc._rev }, ...(includeDocs ? { doc } : {}) };
    });
    res.json({ total_rows: rows.length, offset: 0, rows });
  };
  router.get('/:db/_all_docs', allDocs);
  router.post('/:db/_all_docs', allDocs);

  router.post('/:db/_bulk_docs', async (req, res) => {
    const db = req.params.db as ClientDb;
    const rows = await bulkDocs(
      {
        http: deps.http,
        kind: db === 'reports' ? 'report' : 'event',
        backendDb: deps.names[db],
        reportsDb: deps.names.reports,
        categories: deps.categories,
        backendPassword: deps.backendPassword,
      },
      userOf(res),
      req.body,
    );
    res.status(201).json(rows);
  });

  router.get('/:db/:id', async (req, res) => {
    const id = String(req.params.id);
    if (id.startsWith('_')) return couchError(res, 404, 'not_found', 'missing');
    const docs = await fetchDocs(deps.http, backendDb(req), [id]);
    const doc = docs.get(id);
    if (!doc || !canReadReportsDoc(userOf(res), doc)) return couchError(res, 404, 'not_found', 'missing');
    res.json(doc);
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

export function newServerUuid(): string {
  return crypto.randomBytes(16).toString('hex');
}
