// Slows down password guessing without locking anyone else out. Failures are counted per (address, name):
// after `maxFailures` within the window, that pair must wait, doubling each time (30 s, 60 s, …, capped at
// the window). A looser per-address limit (4× as many failures, across all names) stops one address from
// spraying many names. Another officer behind the same NAT at a post, using their own name, is unaffected
// until that looser limit trips; the same name from another address is unaffected.

export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
  baseDelayMs?: number;
  now?: () => number;
}

interface Entry {
  failures: number[];
  blockedUntil: number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly baseDelayMs: number;

  constructor(private readonly opts: ThrottleOptions) {
    this.now = opts.now ?? Date.now;
    this.baseDelayMs = opts.baseDelayMs ?? 30_000;
  }

  private keys(address: string, name: string): Array<{ key: string; limit: number }> {
    return [
      { key: `pair:${address}\u0000${name.toLowerCase()}`, limit: this.opts.maxFailures },
      { key: `addr:${address}`, limit: this.opts.maxFailures * 4 },
    ];
  }

  check(address: string, name: string): ThrottleDecision {
    const t = this.now();
    let wait = 0;
    for (const { key } of this.keys(address, name)) {
      const e = this.entries.get(key);
      if (e && e.blockedUntil > t) wait = Math.max(wait, e.blockedUntil - t);
    }
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  }

  recordFailure(address: string, name: string): void {
    const t = this.now();
    for (const { key, limit } of this.keys(address, name)) {
      const e = this.entries.get(key) ?? { failures: [], blockedUntil: 0 };
      e.failures = e.failures.filter((f) => f > t - this.opts.windowMs);
      e.failures.push(t);
      if (e.failures.length >= limit) {
        const over = e.failures.length - limit;
        const delay = Math.min(this.opts.windowMs, this.baseDelayMs * 2 ** Math.min(over, 20));
        e.blockedUntil = t + delay;
      }
      this.entries.set(key, e);
    }
    this.prune(t);
  }

  /**
   * Decides and counts one login attempt at once, before the password is checked: an attempt counts as a
   * failure until recordSuccess() takes it back. Checking first and counting after the (slow, scrypt) check
   * let any number of parallel guesses through while the first were still being hashed.
   */
  attempt(address: string, name: string): ThrottleDecision {
    const decision = this.check(address, name);
    if (decision.allowed) this.recordFailure(address, name);
    return decision;
  }

  /** The attempt was right: the pair starts afresh, and the address's count forgets this one attempt. */
  recordSuccess(address: string, name: string): void {
    const [pair, addr] = this.keys(address, name);
    if (pair) this.entries.delete(pair.key);
    const e = addr ? this.entries.get(addr.key) : undefined;
    if (!e || !addr) return;
    e.failures.pop();
    // Officers of one post signing in together (one NAT address) must not lock each other out.
    if (e.failures.length < addr.limit) e.blockedUntil = 0;
  }

  private prune(t: number): void {
    if (this.entries.size < 50_000) return;
    for (const [key, e] of this.entries) {
      if (e.blockedUntil <= t && e.failures.every((f) => f <= t - this.opts.windowMs))
        this.entries.delete(key);
    }
  }
}
