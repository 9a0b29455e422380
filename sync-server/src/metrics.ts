import client from 'prom-client';
import type { Request, RequestHandler, Response } from 'express';

// Prometheus metrics of this sync-server process (docs/scaling.md, "What to watch"). One registry per
// process; every instance behind the load balancer is scraped on its own and the figures summed.

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'tertib_' });

export const httpRequests = new client.Counter({
  name: 'tertib_http_requests_total',
  help: 'HTTP requests answered, by route and status.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new client.Histogram({
  name: 'tertib_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by route (live feeds include their wait).',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});

export const docsPushed = new client.Counter({
  name: 'tertib_docs_pushed_total',
  help: 'Documents clients wrote through the gateway and the backend stored.',
  labelNames: ['db'] as const,
  registers: [registry],
});

export const docsPulled = new client.Counter({
  name: 'tertib_docs_pulled_total',
  help: 'Documents sent to clients (changes rows with their documents, _bulk_get).',
  labelNames: ['db'] as const,
  registers: [registry],
});

export const refusedWrites = new client.Counter({
  name: 'tertib_refused_writes_total',
  help: 'Client writes the gateway or the backend refused, by database and reason (forbidden, conflict, …).',
  labelNames: ['db', 'reason'] as const,
  registers: [registry],
});

export const loginFailures = new client.Counter({
  name: 'tertib_login_failures_total',
  help: 'Refused logins: invalid_credentials, account_disabled, throttled.',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export const checkpointsPublished = new client.Counter({
  name: 'tertib_evidence_checkpoints_published_total',
  help: 'Evidence checkpoints this instance published on its schedule after its first look (only the checkpoints lease holder publishes).',
  registers: [registry],
});

export const liveClients = new client.Gauge({
  name: 'tertib_live_clients',
  help: 'Live (longpoll) changes feeds open on this instance.',
  labelNames: ['db'] as const,
  registers: [registry],
});

/** Counts the rows of a _bulk_docs answer: stored ones as pushed, the others as refused by their error. */
export function countWrites(db: string, rows: ReadonlyArray<object>): void {
  let ok = 0;
  for (const row of rows) {
    if (!('error' in row) || row.error === undefined) ok++;
    else refusedWrites.inc({ db, reason: String(row.error).slice(0, 40) });
  }
  if (ok) docsPushed.inc({ db }, ok);
}

export interface WorkerFigures {
  name: string;
  held: boolean;
  progress: { lagMs: number; backlog: number } | null;
}

/** Worker gauges read at scrape time from the leases (this instance's own figures, or the holder's last). */
export function registerWorkerMetrics(workers: () => WorkerFigures[]): void {
  // A server started again in the same process (tests) replaces the gauges of the one before.
  for (const name of [
    'tertib_worker_held',
    'tertib_worker_lag_seconds',
    'tertib_worker_backlog',
    'tertib_receipts_pending',
  ])
    registry.removeSingleMetric(name);
  const figures = (fn: (w: WorkerFigures) => number | null) =>
    function (this: client.Gauge<'worker'>) {
      this.reset();
      for (const w of workers()) {
        const v = fn(w);
        if (v !== null) this.set({ worker: w.name }, v);
      }
    };
  new client.Gauge({
    name: 'tertib_worker_held',
    help: '1 when this instance holds the worker lease and runs the worker.',
    labelNames: ['worker'] as const,
    registers: [registry],
    collect: figures((w) => (w.held ? 1 : 0)),
  });
  new client.Gauge({
    name: 'tertib_worker_lag_seconds',
    help: 'Age of the oldest change the worker has not finished (as last reported by its holder).',
    labelNames: ['worker'] as const,
    registers: [registry],
    collect: figures((w) => (w.progress ? w.progress.lagMs / 1000 : null)),
  });
  new client.Gauge({
    name: 'tertib_worker_backlog',
    help: 'Changes the worker has seen and not finished (as last reported by its holder).',
    labelNames: ['worker'] as const,
    registers: [registry],
    collect: figures((w) => w.progress?.backlog ?? null),
  });
  new client.Gauge({
    name: 'tertib_receipts_pending',
    help: 'Photos stored and still waiting for their receipt (the photo-receipts backlog).',
    registers: [registry],
    collect(this: client.Gauge) {
      const w = workers().find((x) => x.name === 'photo-receipts');
      if (w?.progress) this.set(w.progress.backlog);
    },
  });
}

/** The route a request matched (`/db/:db/_changes`), or `unmatched`: labels stay few whatever the paths. */
function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : 'unmatched';
}

export function requestMetrics(): RequestHandler {
  return (req, res: Response, next) => {
    const end = httpDuration.startTimer();
    res.once('finish', () => {
      const route = routeOf(req);
      httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      end({ method: req.method, route });
    });
    next();
  };
}

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
