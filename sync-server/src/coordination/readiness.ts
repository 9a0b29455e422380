import { SECRET_DOC_ID } from '../provision';
import type { BackendHttp } from '../sync/backend-http';
import type { LeaseStatus } from './lease';

// `GET /api/ready` for a load balancer: may this instance be sent requests? `/api/health` stays the
// liveness check (the process answers at all); readiness asks the backend each time, so an instance that
// lost its CouchDB leaves the pool and comes back when it answers again.
//
// Workers count only where they run: an instance is unready when a worker it holds has fallen further
// behind than the limit (its link to the backend is failing it). A worker running elsewhere is reported
// but does not take this instance out of the pool — pulling every instance because one worker lags would
// turn a slow dashboard into an outage.

export interface ReadyReport {
  ok: boolean;
  /** Why not, when not ready: one sentence per failed check. */
  reasons: string[];
  backend: 'reachable' | 'unreachable';
  provisioned: boolean;
  workers: Array<{
    name: string;
    runsHere: boolean;
    holder: string | null;
    lagSeconds: number | null;
    backlog: number | null;
  }>;
}

const CHECK_TIMEOUT_MS = 3000;

export class Readiness {
  constructor(
    private readonly http: BackendHttp,
    private readonly configDb: string,
    private readonly leases: () => LeaseStatus[],
    private readonly maxLagMs: number,
  ) {}

  async check(): Promise<ReadyReport> {
    const reasons: string[] = [];
    let backend: ReadyReport['backend'] = 'unreachable';
    let provisioned = false;
    try {
      // The server secret exists once provisioning ran: this one read says the backend answers and holds
      // this deployment's databases (not, say, a CouchDB restored empty).
      const res = await this.http.admin(`${this.configDb}/${SECRET_DOC_ID}`, {
        method: 'HEAD',
        signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (res.ok) {
        backend = 'reachable';
        provisioned = true;
      } else if (res.status === 404) {
        backend = 'reachable';
        reasons.push(
          `the backend has no ${this.configDb}/${SECRET_DOC_ID}: this deployment is not provisioned there`,
        );
      } else {
        reasons.push(`the backend answered ${res.status}`);
      }
    } catch (err) {
      reasons.push(`the backend is unreachable (${(err as Error).message})`);
    }
    const workers = this.leases().map((l) => ({
      name: l.name,
      runsHere: l.held,
      holder: l.holder,
      lagSeconds: l.progress ? Math.round(l.progress.lagMs / 100) / 10 : null,
      backlog: l.progress?.backlog ?? null,
    }));
    for (const l of this.leases()) {
      if (l.held && l.progress && l.progress.lagMs > this.maxLagMs)
        reasons.push(
          `worker ${l.name} is ${Math.round(l.progress.lagMs / 1000)} s behind (limit ${this.maxLagMs / 1000} s)`,
        );
    }
    return { ok: reasons.length === 0, reasons, backend, provisioned, workers };
  }
}
