import os from 'node:os';
import crypto from 'node:crypto';
import type { BackendHttp } from '../sync/backend-http';

// Several sync-servers may run over one CouchDB. Work that must happen once across all of them (the
// background workers) runs under a lease: a document `lease:<name>` in the coordination database naming
// its holder. The holder renews it every `renewMs` by writing a new revision; CouchDB's MVCC is the
// referee — of two instances writing the same revision, one gets 201 and the other 409, so only one ever
// believes it holds the lease.
//
// A standby takes the lease over when it has seen the same revision for `ttlMs` on its own clock (no clock
// is compared across machines), or at once when the holder released it on shutdown or is a process of
// this machine that no longer exists (a restart after a crash). A holder dead at time T is therefore
// replaced by T + ttlMs + 2 × renewMs at the latest (the standby's last read may have come just before T,
// and its next read comes a renewal period after the revision went stale). A holder that cannot renew for
// ttlMs / 2 (a partition, the backend away) stops its work before any standby may start: the two never
// run together except while a batch already under way finishes — and every worker is idempotent, so even
// that overlap writes nothing twice (docs/scaling.md says why, worker by worker).
//
// Only 201 counts as a successful write: on a CouchDB cluster 202 means fewer nodes than the write quorum
// took it, and it may yet lose to another writer.

export interface WorkerProgress {
  /** Age of the oldest change this worker has seen but not finished, in ms (0 when idle). */
  lagMs: number;
  /** Changes seen and not yet finished. */
  backlog: number;
}

/** What runs under a lease: started when the lease is won, stopped when it is lost or at shutdown. */
export interface LeasedWork {
  stop(): Promise<void>;
  progress?(): WorkerProgress;
}

export interface LeaseOptions {
  /** A standby takes over after seeing the same lease revision this long. */
  ttlMs: number;
  /** How often the holder renews and a standby looks. Default ttlMs / 3. */
  renewMs?: number;
  /** This process's name in lease documents (default instanceName(null)). */
  instance?: string;
  log: (msg: string) => void;
}

interface LeaseDoc {
  _id: string;
  _rev?: string;
  type: 'lease';
  /** `host:pid:random`, or '' once released. */
  holder: string;
  renewedAt: string;
  ttlMs: number;
  progress: WorkerProgress | null;
}

export interface LeaseStatus {
  name: string;
  /** This instance holds it and its work is running. */
  held: boolean;
  holder: string | null;
  /** The holder's last reported progress (this instance's own when held). */
  progress: WorkerProgress | null;
  /** How long this instance has seen the same revision (ms): near 0 while a live holder renews. */
  staleMs: number;
}

export const leaseDocId = (name: string): string => `lease:${name}`;

/**
 * `<machine>:<pid>:<random>`: unique per process, and saying where it runs. `machine` is the host name
 * unless TERTIB_INSTANCE_NAME names it (e.g. `sync-2`, for the operator reading a lease).
 */
export function instanceName(machine: string | null): string {
  return `${machine ?? os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
}

/** True when `holder` names a process of this machine that no longer runs (it crashed and was restarted). */
function holderIsDeadHere(holder: string): boolean {
  const [host, pidText] = holder.split(':');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

class Lease {
  private work: LeasedWork | null = null;
  private starting: Promise<void> | null = null;
  private rev: string | null = null;
  private seen: { rev: string; since: number } | null = null;
  private lastRenewStart = 0;
  private lastDoc: LeaseDoc | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  readonly firstTick: Promise<void>;

  constructor(
    readonly name: string,
    private readonly start: () => Promise<LeasedWork>,
    private readonly leases: Leases,
  ) {
    this.firstTick = this.tick().then(() => this.starting ?? undefined);
  }

  status(): LeaseStatus {
    const held = this.work !== null;
    return {
      name: this.name,
      held,
      holder: this.lastDoc?.holder || null,
      progress: held ? (this.work?.progress?.() ?? null) : (this.lastDoc?.progress ?? null),
      staleMs: this.seen ? Date.now() - this.seen.since : 0,
    };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick();
    }, this.leases.renewMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.step();
    } catch (err) {
      this.leases.log(`lease ${this.name}: ${(err as Error).message}`);
      await this.giveUpIfStale();
    } finally {
      this.schedule();
    }
  }

  private async step(): Promise<void> {
    const doc = await this.leases.read(this.name);
    this.lastDoc = doc;
    const now = Date.now();
    if (doc && doc._rev !== this.seen?.rev) this.seen = { rev: doc._rev!, since: now };
    if (this.work || this.starting) {
      if (!doc || doc.holder !== this.leases.instance || doc._rev !== this.rev) {
        this.leases.log(`lease ${this.name}: lost to ${doc?.holder || 'nobody'}; stopping`);
        await this.starting;
        return this.stopWork();
      }
      return this.renew(doc);
    }
    if (this.stopped) return;
    const free =
      !doc ||
      doc.holder === '' ||
      doc.holder === this.leases.instance ||
      holderIsDeadHere(doc.holder) ||
      now - (this.seen?.since ?? now) >= this.leases.ttlMs;
    if (!free) return;
    const rev = await this.leases.write(this.name, doc?._rev, this.leases.instance, null);
    if (!rev) return;
    this.rev = rev;
    this.lastRenewStart = now;
    this.leases.log(`lease ${this.name}: taken${doc?.holder ? ` over from ${doc.holder}` : ''}`);
    // Not awaited here: a long start (a worker catching up over a large backlog) must not hold up the
    // renewals, or a standby would take the lease over before the work has begun.
    this.starting = (async () => {
      try {
        const work = await this.start();
        if (this.stopped || this.rev === null) await work.stop();
        else this.work = work;
      } catch (err) {
        this.leases.log(
          `lease ${this.name}: starting the work failed (${(err as Error).message}); releasing`,
        );
        await this.release();
      } finally {
        this.starting = null;
      }
    })();
  }

  private async renew(doc: LeaseDoc): Promise<void> {
    const started = Date.now();
    const rev = await this.leases.write(
      this.name,
      doc._rev,
      this.leases.instance,
      this.work?.progress?.() ?? null,
    );
    if (rev) {
      this.rev = rev;
      this.lastRenewStart = started;
      this.seen = { rev, since: Date.now() };
    } else {
      await this.giveUpIfStale();
    }
  }

  /** Not renewed for half the TTL: a standby may soon take over, so stop first. */
  private async giveUpIfStale(): Promise<void> {
    if ((!this.work && !this.starting) || Date.now() - this.lastRenewStart < this.leases.ttlMs / 2) return;
    this.leases.log(`lease ${this.name}: not renewed for ${Date.now() - this.lastRenewStart} ms; stopping`);
    await this.starting;
    await this.stopWork();
  }

  private async stopWork(): Promise<void> {
    const work = this.work;
    this.work = null;
    this.rev = null;
    await work?.stop();
  }

  /** Best effort: write holder '' so a standby need not wait out the TTL. */
  private async release(): Promise<void> {
    const rev = this.rev;
    this.rev = null;
    if (!rev) return;
    await this.leases.write(this.name, rev, '', null).catch(() => null);
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await this.starting;
    const work = this.work;
    this.work = null;
    await work?.stop();
    await this.release();
  }
}

export class Leases {
  readonly ttlMs: number;
  readonly renewMs: number;
  readonly instance: string;
  readonly log: (msg: string) => void;
  private readonly all: Lease[] = [];

  constructor(
    private readonly http: BackendHttp,
    private readonly db: string,
    opts: LeaseOptions,
  ) {
    this.ttlMs = opts.ttlMs;
    this.renewMs = opts.renewMs ?? Math.max(100, Math.floor(opts.ttlMs / 3));
    this.instance = opts.instance ?? instanceName(null);
    this.log = opts.log;
  }

  /** The longest a dead holder's work waits before another instance runs it. */
  get takeoverBoundMs(): number {
    return this.ttlMs + 2 * this.renewMs;
  }

  /**
   * Runs `start()`'s work while this instance holds lease `name`, on whichever instance wins it; stops it
   * when the lease is lost. Resolves after the first attempt to take it (so a lone server starts its
   * workers before it serves).
   */
  async runUnderLease(name: string, start: () => Promise<LeasedWork>): Promise<void> {
    const lease = new Lease(name, start, this);
    this.all.push(lease);
    await lease.firstTick;
  }

  status(): LeaseStatus[] {
    return this.all.map((l) => l.status());
  }

  /** Stops every leased work and releases its lease. */
  async close(): Promise<void> {
    await Promise.all(this.all.map((l) => l.close()));
  }

  async read(name: string): Promise<LeaseDoc | null> {
    const res = await this.http.admin(`${this.db}/${encodeURIComponent(leaseDocId(name))}`, {
      signal: AbortSignal.timeout(this.renewMs),
    });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) throw new Error(`reading the lease answered ${res.status}`);
    return (await res.json()) as LeaseDoc;
  }

  /** Writes the lease on top of `rev`; the new revision, or null when another writer got there first. */
  async write(
    name: string,
    rev: string | undefined,
    holder: string,
    progress: WorkerProgress | null,
  ): Promise<string | null> {
    const doc: LeaseDoc = {
      _id: leaseDocId(name),
      ...(rev ? { _rev: rev } : {}),
      type: 'lease',
      holder,
      renewedAt: new Date().toISOString(),
      ttlMs: this.ttlMs,
      progress,
    };
    const res = await this.http.admin(`${this.db}/${encodeURIComponent(doc._id)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(doc),
      signal: AbortSignal.timeout(this.renewMs),
    });
    if (res.status === 201) return ((await res.json()) as { rev: string }).rev;
    const text = await res.text();
    if (res.status !== 409 && res.status !== 202)
      throw new Error(`writing the lease answered ${res.status} ${text.slice(0, 200)}`);
    return null;
  }
}
