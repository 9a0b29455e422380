import crypto from 'node:crypto';
import type { BackendHttp } from './sync/backend-http';

// Slows down password guessing without locking anyone else out. Failures are counted per (address, name):
// after `maxFailures` within the window, that pair must wait, doubling each time (30 s, 60 s, …, capped at
// the window). A looser per-address limit (4× as many failures, across all names) stops one address from
// spraying many names. Another officer behind the same NAT at a post, using their own name, is unaffected
// until that looser limit trips; the same name from another address is unaffected.
//
// The counters live in a store every sync-server shares (CouchThrottleStore: documents in the coordination
// database), so N servers behind a load balancer allow no more guesses than one. Each attempt is decided and
// counted in one compare-and-swap on its counter document: CouchDB accepts exactly one write on top of a
// revision, so of any number of parallel guesses on any number of servers, each allowed one saw every
// allowed one before it, and no more than `maxFailures` pass.

export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
  baseDelayMs?: number;
  now?: () => number;
}

export interface ThrottleEntry {
  failures: number[];
  blockedUntil: number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counters by key, each changed atomically: `change` sees the current entry and returns the next one (null:
 * remove; the very entry it was given: unchanged, nothing written).
 */
export interface ThrottleStore {
  update<T>(
    key: string,
    change: (entry: ThrottleEntry) => { next: ThrottleEntry | null; result: T },
  ): Promise<T>;
}

/** One process's counters (unit tests, and the reference for what the shared store must do). */
export class MemoryThrottleStore implements ThrottleStore {
  private readonly entries = new Map<string, ThrottleEntry>();

  update<T>(
    key: string,
    change: (entry: ThrottleEntry) => { next: ThrottleEntry | null; result: T },
  ): Promise<T> {
    const current = this.entries.get(key) ?? { failures: [], blockedUntil: 0 };
    const given = { failures: [...current.failures], blockedUntil: current.blockedUntil };
    const { next, result } = change(given);
    // The same contract as the shared store: the entry handed out, returned, means unchanged.
    if (next === given) return Promise.resolve(result);
    if (next) this.entries.set(key, next);
    else this.entries.delete(key);
    return Promise.resolve(result);
  }
}

/** Too many writers on one counter at once: the attempt is refused for a moment (the safe answer). */
export class ThrottleContention extends Error {}

const THROTTLE_DOC_PREFIX = 'login:';
/** Compare-and-swap rounds before an attempt gives up; each round one writer wins. */
const MAX_ROUNDS = 25;

/**
 * Counters as documents `login:<sha256 of the key>` (no address or name is stored in clear). A write that
 * CouchDB refuses as a conflict (another server counted first) is re-read and decided again. On a cluster
 * only 201 counts: 202 means fewer nodes than the quorum took the write, so it is read and counted again —
 * a guess may then count twice, never zero times.
 */
export class CouchThrottleStore implements ThrottleStore {
  constructor(
    private readonly http: BackendHttp,
    private readonly db: string,
  ) {}

  async update<T>(
    key: string,
    change: (entry: ThrottleEntry) => { next: ThrottleEntry | null; result: T },
  ): Promise<T> {
    const id = THROTTLE_DOC_PREFIX + crypto.createHash('sha256').update(key).digest('hex');
    const url = `${this.db}/${encodeURIComponent(id)}`;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const res = await this.http.admin(url);
      let rev: string | undefined;
      let entry: ThrottleEntry = { failures: [], blockedUntil: 0 };
      if (res.ok) {
        const doc = (await res.json()) as ThrottleEntry & { _rev: string };
        rev = doc._rev;
        entry = {
          failures: Array.isArray(doc.failures) ? doc.failures : [],
          blockedUntil: doc.blockedUntil ?? 0,
        };
      } else if (res.status === 404) {
        await res.body?.cancel();
      } else {
        throw new Error(`login throttle: backend answered ${res.status} ${(await res.text()).slice(0, 200)}`);
      }
      const { next, result } = change(entry);
      // Unchanged (a refusal while blocked): nothing to write.
      if (next === entry || (next === null && rev === undefined)) return result;
      const write =
        next === null
          ? await this.http.admin(`${url}?rev=${encodeURIComponent(rev!)}`, { method: 'DELETE' })
          : await this.http.admin(url, {
              method: 'PUT',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                _id: id,
                ...(rev ? { _rev: rev } : {}),
                type: 'login-throttle',
                ...next,
              }),
            });
      await write.body?.cancel();
      if (write.status === 201 || (next === null && write.status === 200)) return result;
      if (write.status !== 409 && write.status !== 202 && !(next === null && write.status === 404))
        throw new Error(`login throttle: backend answered ${write.status} to a counter write`);
      // Lost the race: wait a moment (spread, so the losers do not collide again in step) and decide anew.
      await new Promise((r) => setTimeout(r, Math.random() * 10 * (round + 1)));
    }
    throw new ThrottleContention(`login throttle: ${MAX_ROUNDS} conflicting writes on one counter`);
  }

  /**
   * Deletes counters with nothing left to remember (every failure older than the window, no block in
   * force), so addresses that never come back do not pile up. Run by one server at a time (a lease).
   */
  async sweep(windowMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    let startkey = JSON.stringify(THROTTLE_DOC_PREFIX);
    for (let page = 0; page < 10_000; page++) {
      const qs = new URLSearchParams({
        include_docs: 'true',
        startkey,
        endkey: JSON.stringify(THROTTLE_DOC_PREFIX + '\ufff0'),
        limit: '501',
      });
      const res = await this.http.admin(`${this.db}/_all_docs?${qs}`);
      if (!res.ok) throw new Error(`login throttle sweep: backend answered ${res.status}`);
      const { rows } = (await res.json()) as {
        rows: Array<{ id: string; doc?: ThrottleEntry & { _rev: string } }>;
      };
      const stale = rows
        .slice(0, 500)
        .filter(
          (r) => r.doc && r.doc.blockedUntil <= now && r.doc.failures.every((f) => f <= now - windowMs),
        );
      if (stale.length) {
        const del = await this.http.admin(`${this.db}/_bulk_docs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            docs: stale.map((r) => ({ _id: r.id, _rev: r.doc!._rev, _deleted: true })),
          }),
        });
        await del.body?.cancel();
        removed += stale.length;
      }
      if (rows.length <= 500) break;
      startkey = JSON.stringify(rows[500]!.id);
    }
    return removed;
  }
}

export class LoginThrottle {
  private readonly now: () => number;
  private readonly baseDelayMs: number;

  constructor(
    private readonly opts: ThrottleOptions,
    private readonly store: ThrottleStore = new MemoryThrottleStore(),
  ) {
    this.now = opts.now ?? Date.now;
    this.baseDelayMs = opts.baseDelayMs ?? 30_000;
  }

  private keys(address: string, name: string): Array<{ key: string; limit: number }> {
    return [
      { key: `pair:${address}\u0000${name.toLowerCase()}`, limit: this.opts.maxFailures },
      { key: `addr:${address}`, limit: this.opts.maxFailures * 4 },
    ];
  }

  /** Decides one key and, if allowed, counts the failure — one atomic step in the store. */
  private countOne(key: string, limit: number): Promise<ThrottleDecision> {
    return this.store.update<ThrottleDecision>(key, (e) => {
      const t = this.now();
      if (e.blockedUntil > t) {
        return {
          next: e,
          result: { allowed: false, retryAfterSeconds: Math.ceil((e.blockedUntil - t) / 1000) },
        };
      }
      const failures = [...e.failures.filter((f) => f > t - this.opts.windowMs), t];
      let blockedUntil = e.blockedUntil;
      if (failures.length >= limit) {
        const over = failures.length - limit;
        blockedUntil = t + Math.min(this.opts.windowMs, this.baseDelayMs * 2 ** Math.min(over, 20));
      }
      return { next: { failures, blockedUntil }, result: { allowed: true } };
    });
  }

  /**
   * Decides and counts one login attempt at once, before the password is checked: an attempt counts as a
   * failure until recordSuccess() takes it back. Checking first and counting after the (slow, scrypt) check
   * let any number of parallel guesses through while the first were still being hashed. The pair is
   * decided first; a pair already blocked does not count against the address.
   */
  async attempt(address: string, name: string): Promise<ThrottleDecision> {
    try {
      for (const { key, limit } of this.keys(address, name)) {
        const decision = await this.countOne(key, limit);
        if (!decision.allowed) return decision;
      }
      return { allowed: true };
    } catch (err) {
      if (err instanceof ThrottleContention) return { allowed: false, retryAfterSeconds: 1 };
      throw err;
    }
  }

  /** The attempt was right: the pair starts afresh, and the address's count forgets this one attempt. */
  async recordSuccess(address: string, name: string): Promise<void> {
    const [pair, addr] = this.keys(address, name);
    if (!pair || !addr) return;
    await this.store.update(pair.key, () => ({ next: null, result: undefined }));
    await this.store.update(addr.key, (e) => {
      const failures = e.failures.slice(0, -1);
      // Officers of one post signing in together (one NAT address) must not lock each other out.
      const blockedUntil = failures.length < addr.limit ? 0 : e.blockedUntil;
      // A new object: the store writes only an entry that is not the one it handed out.
      return { next: failures.length || blockedUntil ? { failures, blockedUntil } : null, result: undefined };
    });
  }
}
