// How long to wait before the next attempt after `failures` consecutive failures: exponential backoff with
// "full jitter" (a uniform draw between 0 and the exponential ceiling). Jitter spreads a whole post's
// laptops out when the server comes back, instead of all of them retrying in the same second.
// https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/

export interface BackoffPolicy {
  /** Ceiling of the first retry, ms. */
  baseMs: number;
  /** The ceiling never grows past this, ms. */
  maxMs: number;
}

export const SYNC_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };

/** The exponential ceiling after `failures` failures (1 → baseMs, 2 → 2·baseMs, …, capped at maxMs). */
export function backoffCeiling(failures: number, policy: BackoffPolicy = SYNC_BACKOFF): number {
  if (!(failures >= 1)) return 0;
  // 2 ** 1024 is Infinity; stop doubling long before that.
  const exponent = Math.min(Math.floor(failures) - 1, 40);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}

/** Full jitter: `random()` in [0, 1) scales the ceiling; the result is an integer in [0, ceiling]. */
export function backoffDelay(
  failures: number,
  random: () => number = Math.random,
  policy: BackoffPolicy = SYNC_BACKOFF,
): number {
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.round(unit * backoffCeiling(failures, policy));
}
