import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AssignmentIndex } from './sync/assignments';
import { AreaDirectory, UnknownProvinceError } from './areas';
import { openBasemap } from './basemap';
import { CategoryStore } from './categories';
import { tertibUserName } from '../../domain/deployment-names';
import { sameText } from './backend/embedded-gate';
import { openBackend, removeRunningNote, writeRunningNote } from './backend/open';
import { ConfigError, type ServerConfig } from './config';
import { couchClient, dbNames } from './couch';
import { Authenticator } from './http/auth';
import { createApp } from './http/app';
import { CouchThrottleStore, LoginThrottle } from './login-throttle';
import { instanceName, Leases } from './coordination/lease';
import { Readiness } from './coordination/readiness';
import { logger, logLine } from './logger';
import { checkpointsPublished, metricsText, registerWorkerMetrics } from './metrics';
import { DeviceStore } from './devices';
import { EvidenceStore } from './evidence/evidence-store';
import { loadServerSigner } from './evidence/server-key';
import { ensureSecret, provision } from './provision';
import { SessionStore } from './sessions';
import { USER_DOC_PREFIX, UserStore } from './users';
import { backendHttp } from './sync/backend-http';
import { type ChangeRow, ChangesFollower } from './sync/changes-follower';
import { serverVersion } from './version';
import { PhotoReceiptWorker } from './workers/photo-receipts';
import { ReportStateWorker } from './workers/report-states';
import { StatsReader } from './stats/stats-reader';
import { PublicStatsCache } from './http/stats-routes';
import crypto from 'node:crypto';

export interface RunningServer {
  url: string;
  backendKind: 'embedded' | 'couchdb';
  close(): Promise<void>;
}

/** Prometheus metrics on their own listener (TERTIB_METRICS_PORT), apart from what clients can reach. */
async function serveMetrics(scale: ServerConfig['scale']): Promise<http.Server> {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsText().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(scale.metricsPort ?? 0, scale.metricsHost, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  logger.info(
    { metrics: `http://${scale.metricsHost}:${port}/metrics` },
    `metrics listening on port ${port}`,
  );
  return server;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = config.logLevel === 'silent' ? () => undefined : logLine(logger);
  const backend = await openBackend(config, { shareRunning: false });
  try {
    const couch = couchClient(backend.adminUrl);
    const names = dbNames(config.dbPrefix);
    const provisioned = await provision(couch, names);
    if (provisioned.created.length || provisioned.updated.length) {
      log(
        `provisioned: created ${provisioned.created.join(', ') || 'nothing'}; updated ${provisioned.updated.join(', ') || 'nothing'}`,
      );
    }
    const secret = await ensureSecret(couch, names.config);
    const users = new UserStore(couch, secret, names.prefix);
    backend.trustUsers?.((couchName, password) => {
      const name = tertibUserName(couchName, names.prefix);
      return name !== null && sameText(password, users.backendPassword(name));
    });
    const sessions = new SessionStore(couch, names.sessions, config.sessionTtlSeconds);
    const auth = new Authenticator(sessions, users);
    const http = backendHttp(backend.adminUrl, {
      couchName: (name) => users.couchName(name),
      repair: (name) => users.ensureBackendCredential(name),
    });
    // Shared by every sync-server over this CouchDB (login-throttle.ts).
    const throttleStore = new CouchThrottleStore(http, names.coordination);
    const throttle = new LoginThrottle(
      { maxFailures: config.loginMaxFailures, windowMs: config.loginWindowSeconds * 1000 },
      throttleStore,
    );
    // The embedded backend's longpoll cannot be trusted (changes-follower.ts): it is polled instead.
    const followMode = backend.kind === 'embedded' ? 'poll' : 'longpoll';
    const follow = (db: string) =>
      new ChangesFollower(
        async (query, signal) => {
          const res = await http.admin(
            `${db}/_changes?${new URLSearchParams(query)}`,
            signal ? { signal } : {},
          );
          if (!res.ok) throw new Error(`backend _changes of ${db} answered ${res.status}`);
          return (await res.json()) as Awaited<ReturnType<ConstructorParameters<typeof ChangesFollower>[0]>>;
        },
        log,
        followMode,
      );
    const followers = {
      reports: follow(names.reports),
      events: follow(names.events),
      photos: follow(names.photos),
    };
    // Sessions and accounts changed by another process (the CLI, another sync-server) end cached sessions
    // and live feeds here too (http/auth.ts).
    const accountFollowers = { sessions: follow(names.sessions), users: follow('_users') };
    accountFollowers.sessions.on('changes', (rows: ChangeRow[]) => {
      for (const row of rows) auth.changed({ sessionId: row.id });
    });
    accountFollowers.users.on('changes', (rows: ChangeRow[]) => {
      for (const row of rows) {
        const name = tertibUserName(row.id.slice(USER_DOC_PREFIX.length), names.prefix);
        if (row.id.startsWith(USER_DOC_PREFIX) && name !== null) auth.changed({ user: name });
      }
    });
    await Promise.all(
      [...Object.values(followers), ...Object.values(accountFollowers)].map((f) => f.start()),
    );
    const assignments = new AssignmentIndex(http, names.events, followers.events);
    await assignments.start();
    const devices = new DeviceStore(couch, names.devices);
    const evidenceSigner = loadServerSigner(config.evidence.signingKey, config.dataDir);
    const evidence = new EvidenceStore(couch, names.evidence, evidenceSigner);
    // Each worker runs on one sync-server at a time, whichever holds its lease (coordination/lease.ts).
    const leases = new Leases(http, names.coordination, {
      ttlMs: config.scale.leaseSeconds * 1000,
      instance: instanceName(config.scale.instanceName),
      log,
    });
    if (config.scale.runWorkers) {
      await leases.runUnderLease('photo-receipts', async () => {
        const receipts = new PhotoReceiptWorker(
          http,
          names.photos,
          names.thumbnails,
          followers.photos,
          log,
          evidence,
        );
        await receipts.start().catch(async (err: unknown) => {
          await receipts.stop();
          throw err;
        });
        return receipts;
      });
      await leases.runUnderLease('report-states', async () => {
        const reportStates = new ReportStateWorker(
          http,
          { reports: names.reports, events: names.events, states: names.states },
          { reports: followers.reports, events: followers.events },
          log,
        );
        await reportStates.start();
        return reportStates;
      });
      // A checkpoint every TERTIB_CHECKPOINT_SECONDS (default 6 hours; and whenever a bundle is built), by
      // one server: with every server on its own timer, receipts arriving between their ticks made one
      // checkpoint per server per period. A bundle's checkpoint racing this one for a sequence number loses
      // the insert and reads the winner's (evidence-store.ts).
      await leases.runUnderLease('checkpoints', () => {
        let last: number | null = null;
        const publish = () => {
          evidence
            .checkpoint()
            .then((c) => {
              if (c && last !== null && c.seq > last) checkpointsPublished.inc();
              last = c?.seq ?? 0;
            })
            .catch((err: Error) => log(`evidence checkpoint failed: ${err.message}`));
        };
        publish();
        const timer = setInterval(publish, config.evidence.checkpointSeconds * 1000);
        timer.unref();
        return Promise.resolve({ stop: () => Promise.resolve(clearInterval(timer)) });
      });
      await leases.runUnderLease('housekeeping', async () => {
        const sweep = () => {
          sessions.sweep().catch((err: Error) => log(`session sweep failed: ${err.message}`));
          throttleStore
            .sweep(config.loginWindowSeconds * 1000)
            .catch((err: Error) => log(`login throttle sweep failed: ${err.message}`));
        };
        const timer = setInterval(sweep, 3600_000);
        timer.unref();
        return { stop: () => Promise.resolve(clearInterval(timer)) };
      });
    }
    const readiness = new Readiness(
      http,
      names.config,
      () => leases.status(),
      config.scale.readyMaxLagSeconds * 1000,
    );
    registerWorkerMetrics(() => leases.status());
    const categories = new CategoryStore(couch, names.config);
    const areas = new AreaDirectory(config.areaProvince);
    // Read the area list now: a province code idn-area-data does not know is a configuration error.
    await areas.get().catch((err: unknown) => {
      if (err instanceof UnknownProvinceError) throw new ConfigError([err.message]);
      throw err;
    });
    const basemap = await openBasemap(config.basemap);
    if (basemap.kind === 'unusable') {
      // Said even with LOG_LEVEL=silent: the operator asked for a map and the app will show none.
      console.error(`[tertib] TERTIB_BASEMAP ${basemap.file} ${basemap.problem}: no basemap is served.`);
    } else if (basemap.kind === 'ready') {
      log(
        `basemap: ${basemap.file} (${basemap.info.tileType}, zoom ${basemap.info.minZoom}–${basemap.info.maxZoom})`,
      );
    }
    const statsReader = new StatsReader(http, names.states, categories, areas);
    const app = createApp({
      backendKind: backend.kind,
      version: serverVersion(),
      allowedOrigins: config.allowedOrigins,
      hostnames: config.hostnames,
      trustProxy: config.trustProxy,
      tileUrl: config.capture.tileUrl,
      sessionTtlSeconds: config.sessionTtlSeconds,
      webRoot: config.webRoot,
      users,
      sessions,
      auth,
      throttle,
      devices,
      evidence: {
        evidence,
        signer: evidenceSigner,
        photosDb: names.photos,
        clockLimitMinutes: config.evidence.clockLimitMinutes,
      },
      categories,
      captureSettings: config.capture,
      areas,
      sync: {
        http,
        names,
        auth,
        categories,
        followers,
        backendPassword: (name) => users.backendPassword(name),
        // Stable across restarts (replicators key their checkpoints on it), unguessable without the secret.
        assignments,
        users,
        signatures: { devices, requireSignatures: config.evidence.requireSignatures },
        evidence,
        serverUuid: crypto.createHash('sha256').update(`server-uuid:${secret}`).digest('hex').slice(0, 32),
      },
      stats: { reader: statsReader, public: new PublicStatsCache(statsReader, config.publicMinCount) },
      log,
      ready: () => readiness.check(),
      metricsToken: config.scale.metricsToken,
      basemap: { state: basemap, regionBounds: config.regionBounds },
    });
    const server: http.Server = await new Promise((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
      s.on('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    if (backend.kind === 'embedded') {
      fs.mkdirSync(config.dataDir, { recursive: true });
      writeRunningNote(config.dataDir, { pid: process.pid, backendUrl: backend.baseUrl, apiUrl: url });
    }
    const metricsServer = config.scale.metricsPort === null ? null : await serveMetrics(config.scale);
    let closing: Promise<void> | null = null;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        assignments.stop();
        // Stops the workers this instance runs and releases their leases: another instance takes over at
        // its next look instead of waiting out the TTL.
        await leases.close();
        await new Promise<void>((resolve) =>
          metricsServer ? metricsServer.close(() => resolve()) : resolve(),
        );
        await Promise.all(
          [...Object.values(followers), ...Object.values(accountFollowers)].map((f) => f.stop()),
        );
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // Give requests in flight a moment, then cut what is left (e.g. a live feed).
          setTimeout(() => server.closeAllConnections(), 2000).unref();
        });
        if (backend.kind === 'embedded') removeRunningNote(config.dataDir);
        await backend.close();
      })());
    return { url, backendKind: backend.kind, close };
  } catch (err) {
    await backend.close();
    throw err;
  }
}
