import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { CaptureSettingsResponse, CategoriesResponse, HealthResponse } from '../../../domain/api';
import type { AreaDirectory } from '../areas';
import type { BasemapState } from '../basemap';
import type { CategoryStore } from '../categories';
import type { LoginThrottle } from '../login-throttle';
import type { SessionStore } from '../sessions';
import { syncRoutes, type SyncDeps } from '../sync/db-routes';
import { photoUploadRoutes } from '../sync/photo-upload';
import type { UserStore } from '../users';
import type { Authenticator } from './auth';
import { basemapRoutes } from './basemap-routes';
import { caseRoutes, readCase } from './case-routes';
import { useCompression } from './compression';
import { crossOrigin } from './cross-origin';
import { directoryRoutes } from './directory-routes';
import { deviceRoutes } from './device-routes';
import type { DeviceStore } from '../devices';
import { bundleRoute, evidenceRoutes, type EvidenceRouteDeps } from '../evidence/evidence-routes';
import { MAX_JSON_DEPTH, jsonDepth } from '../sync/request-shapes';
import { errorHandler, HttpError, sendError } from './errors';
import { hostCheck } from './host-check';
import { sessionRoutes } from './session-routes';
import { type PublicStatsCache, publicPage, publicStatsApi, statsRoutes } from './stats-routes';
import type { StatsReader } from '../stats/stats-reader';
import { userRoutes } from './user-routes';
import type { ReadyReport } from '../coordination/readiness';
import { requestLogging } from '../logger';
import { metricsText, requestMetrics } from '../metrics';
import { sameText } from '../backend/embedded-gate';

export interface AppDeps {
  backendKind: 'embedded' | 'couchdb';
  version: string;
  allowedOrigins: string[];
  hostnames: string[];
  trustProxy: string | false;
  /** TERTIB_TILE_URL: the web app's CSP lets it fetch tiles from there. */
  tileUrl: string | null;
  sessionTtlSeconds: number;
  webRoot: string | null;
  users: UserStore;
  sessions: SessionStore;
  auth: Authenticator;
  throttle: LoginThrottle;
  devices: DeviceStore;
  evidence: Omit<EvidenceRouteDeps, 'auth' | 'readCase' | 'http' | 'devices'>;
  categories: CategoryStore;
  captureSettings: CaptureSettingsResponse['settings'];
  areas: AreaDirectory;
  sync: SyncDeps;
  stats: { reader: StatsReader; public: PublicStatsCache };
  log: (msg: string) => void;
  /** GET /api/ready: may a load balancer send this instance requests (coordination/readiness.ts). */
  ready: () => Promise<ReadyReport>;
  /** TERTIB_METRICS_TOKEN: serve /metrics here to this bearer token; null: not on this port. */
  metricsToken: string | null;
  /** The offline basemap (TERTIB_BASEMAP) as checked at start, and each region's working area. */
  basemap?: { state: BasemapState; regionBounds: Record<string, [number, number, number, number]> };
}

const API_BODY_LIMIT = '64kb';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy);
  app.use(requestLogging());
  app.use(requestMetrics());
  app.use(hostCheck(deps.hostnames));
  if (deps.metricsToken) {
    const expected = `Bearer ${deps.metricsToken}`;
    app.get('/metrics', async (req, res) => {
      if (!sameText(req.headers.authorization ?? '', expected))
        return sendError(res, 'unauthorized', 'Metrics need the metrics token.');
      const { contentType, body } = await metricsText();
      res.setHeader('content-type', contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.send(body);
    });
  }

  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.use(crossOrigin(deps.allowedOrigins));
  useCompression(app);

  const api = express.Router();
  api.use(express.json({ limit: API_BODY_LIMIT, strict: true, type: () => true }));
  api.use((req, _res, next) => {
    if (jsonDepth(req.body) > MAX_JSON_DEPTH)
      return next(new HttpError('bad_request', 'The JSON nests too deeply.'));
    next();
  });
  api.get('/health', (_req, res) => {
    const body: HealthResponse = {
      ok: true,
      backend: deps.backendKind,
      version: deps.version,
      basemap: deps.basemap?.state.kind === 'ready',
    };
    res.json(body);
  });
  api.get('/ready', async (_req, res) => {
    const report = await deps.ready();
    res.setHeader('Cache-Control', 'no-store');
    res.status(report.ok ? 200 : 503).json(report);
  });
  api.use(
    '/session',
    sessionRoutes({
      users: deps.users,
      sessions: deps.sessions,
      auth: deps.auth,
      throttle: deps.throttle,
      ttlSeconds: deps.sessionTtlSeconds,
    }),
  );
  api.use('/users', userRoutes(deps.users, deps.sessions, deps.auth));
  api.use(
    '/devices',
    deviceRoutes(
      deps.devices,
      deps.auth,
      async (user) => {
        const account = await deps.users.get(user);
        return account !== null && !account.disabled;
      },
      (user) => deps.sessions.destroyAllFor(user),
    ),
  );
  api.use('/directory', directoryRoutes(deps.users, deps.auth));
  api.get('/categories', deps.auth.require(), async (_req, res) => {
    const body: CategoriesResponse = { ok: true, categories: await deps.categories.list() };
    res.json(body);
  });
  api.get('/capture-settings', deps.auth.require(), (_req, res) => {
    const body: CaptureSettingsResponse = { ok: true, settings: deps.captureSettings };
    res.json(body);
  });
  api.get('/areas', deps.auth.require(), async (_req, res) => {
    // The same list for everyone and rarely changed (a new package version): let clients revalidate daily.
    res.setHeader('Cache-Control', 'private, max-age=86400');
    res.json(await deps.areas.get());
  });
  const evidence: EvidenceRouteDeps = {
    ...deps.evidence,
    auth: deps.auth,
    http: deps.sync.http,
    devices: deps.devices,
    readCase: (user, id) =>
      readCase(
        { http: deps.sync.http, names: deps.sync.names, assignments: deps.sync.assignments },
        user,
        id,
      ),
  };
  api.use('/evidence', evidenceRoutes(evidence));
  api.use('/cases', bundleRoute(evidence));
  api.use(
    '/cases',
    caseRoutes({
      http: deps.sync.http,
      names: deps.sync.names,
      auth: deps.auth,
      assignments: deps.sync.assignments,
    }),
  );
  api.use(
    basemapRoutes(deps.basemap?.state ?? { kind: 'none' }, deps.basemap?.regionBounds ?? {}, deps.auth),
  );
  api.use('/stats', statsRoutes(deps.stats.reader, deps.auth));
  api.use('/public', publicStatsApi(deps.stats.public));
  api.use((_req, res) => sendError(res, 'not_found', 'No such API endpoint.'));
  app.use('/api', api);
  app.use('/db/photos', photoUploadRoutes(deps.sync));
  app.use('/db', syncRoutes(deps.sync));
  app.get('/public', publicPage(deps.stats.public));

  if (deps.webRoot) serveRenderer(app, deps.webRoot, webAppCsp(deps.tileUrl));

  app.use((_req, res) => sendError(res, 'not_found', 'Not found.'));
  app.use(errorHandler(deps.log));
  return app;
}

/**
 * The web app's Content-Security-Policy, sent as a header (the `<meta>` in index.html is shared with the
 * desktop app, which connects to whatever server the officer signs in to). Served by the sync-server, the
 * app talks to this server only, plus the configured tile server; a header policy and the meta policy both
 * apply, so this narrows the meta's `connect-src http: https:`. Also forbids framing, which a meta cannot.
 */
export function webAppCsp(tileUrl: string | null): string {
  let tiles = '';
  if (tileUrl) {
    const url = new URL(tileUrl.replace(/\{s\}/g, 'tile-subdomain').replace(/\{[a-z]\}/g, '0'));
    tiles = ' ' + url.origin.replace('tile-subdomain', '*');
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob: mediastream:",
    `connect-src 'self'${tiles}`,
    "worker-src 'self' blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Web mode: the built renderer at `/`, with client-side routes falling back to index.html. */
function serveRenderer(app: Express, webRoot: string, csp: string): void {
  const index = path.join(webRoot, 'index.html');
  if (!fs.existsSync(index)) {
    throw new Error(`The renderer is not built: ${index} is missing. Run "npm run build:renderer" first.`);
  }
  app.use(
    express.static(webRoot, {
      index: 'index.html',
      fallthrough: true,
      setHeaders: (res, file) => {
        if (file.endsWith('.html')) res.setHeader('Content-Security-Policy', csp);
        // Hashed assets never change; index.html must be revalidated so an update is picked up.
        res.setHeader(
          'Cache-Control',
          file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
        );
      },
    }),
  );
  app.use((req, res, next) => {
    if (req.method !== 'GET' || req.path.startsWith('/db/') || path.extname(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', csp);
    res.sendFile(index);
  });
}
