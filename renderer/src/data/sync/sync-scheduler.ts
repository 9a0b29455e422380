// When to sync: at start, when asked (a report was saved, "Coba lagi"), when the network comes back, when the
// periodic health probe finds the server again, and after a failure with exponential backoff and full
// jitter. One run at a time; requests during a run coalesce into one more run. A 401 pauses everything
// until `resume()` (a new sign-in). Timer, clock-free randomness and the probe are injected for tests.

import { backoffDelay, SYNC_BACKOFF, type BackoffPolicy } from './backoff';

export interface SchedulerTimer {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const browserTimer: SchedulerTimer = {
  setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  setInterval: (cb, ms) => globalThis.setInterval(cb, ms),
  clearInterval: (h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>),
};

/** What a successful run asks for next: `again` ms until a follow-up run (e.g. receipts awaited), or null. */
export interface RunOutcome {
  again: number | null;
}

export interface SchedulerSnapshot {
  running: boolean;
  /** Consecutive failed runs; 0 after a success. */
  failures: number;
  /** The error of the last failed run (cleared by a success). */
  lastError: unknown;
  /** Paused after a 401 until resume(). */
  authRequired: boolean;
  /** navigator.onLine said no. */
  offline: boolean;
}

export interface SyncSchedulerOptions {
  run(): Promise<RunOutcome>;
  /** True when the server answers its health check; must not reject. */
  probe(): Promise<boolean>;
  isAuthError(err: unknown): boolean;
  onChange(snapshot: SchedulerSnapshot): void;
  online?: boolean;
  timer?: SchedulerTimer;
  random?: () => number;
  backoff?: BackoffPolicy;
  probeIntervalMs?: number;
}

export const PROBE_INTERVAL_MS = 30_000;

export class SyncScheduler {
  private running = false;
  private rerun = false;
  private failures = 0;
  private lastError: unknown = null;
  private authRequired = false;
  private offline: boolean;
  private started = false;
  private retryHandle: unknown = null;
  private probeHandle: unknown = null;
  private readonly timer: SchedulerTimer;

  constructor(private readonly options: SyncSchedulerOptions) {
    this.timer = options.timer ?? browserTimer;
    this.offline = options.online === false;
  }

  snapshot(): SchedulerSnapshot {
    return {
      running: this.running,
      failures: this.failures,
      lastError: this.lastError,
      authRequired: this.authRequired,
      offline: this.offline,
    };
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.probeHandle = this.timer.setInterval(
      () => void this.probeTick(),
      this.options.probeIntervalMs ?? PROBE_INTERVAL_MS,
    );
    this.request();
  }

  stop(): void {
    this.started = false;
    this.clearRetry();
    if (this.probeHandle !== null) this.timer.clearInterval(this.probeHandle);
    this.probeHandle = null;
  }

  /** Run as soon as possible (after the current run, if one is under way). Ignored while paused. */
  request(): void {
    if (!this.started || this.authRequired || this.offline) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.clearRetry();
    void this.runOnce();
  }

  /** "Coba lagi" and a fresh sign-in: forget the backoff and any 401 pause, run now. */
  resume(): void {
    this.authRequired = false;
    this.failures = 0;
    this.emit();
    this.request();
  }

  /** Feed `online` / `offline` window events here; coming back online runs at once. */
  setOnline(online: boolean): void {
    this.offline = !online;
    if (online) this.failures = 0;
    this.emit();
    if (online) this.request();
    else this.clearRetry();
  }

  /** A failure outside a run (a live replication broke): back off as if a run had failed. */
  fail(err: unknown): void {
    if (!this.started || this.running) return;
    this.recordFailure(err);
  }

  private async runOnce(): Promise<void> {
    this.running = true;
    this.rerun = false;
    this.emit();
    let outcome: RunOutcome | null = null;
    let failed: { err: unknown } | null = null;
    try {
      outcome = await this.options.run();
    } catch (err) {
      failed = { err };
    }
    this.running = false;
    if (!this.started) return this.emit();
    if (failed) {
      this.recordFailure(failed.err);
      return;
    }
    this.failures = 0;
    this.lastError = null;
    this.emit();
    if (this.rerun) this.request();
    else if (outcome !== null && outcome.again !== null) this.schedule(outcome.again);
  }

  private recordFailure(err: unknown): void {
    this.lastError = err;
    if (this.options.isAuthError(err)) {
      this.authRequired = true;
      this.clearRetry();
      return this.emit();
    }
    this.failures += 1;
    this.emit();
    this.schedule(backoffDelay(this.failures, this.options.random, this.options.backoff ?? SYNC_BACKOFF));
  }

  private schedule(ms: number): void {
    this.clearRetry();
    if (this.offline || this.authRequired) return;
    this.retryHandle = this.timer.setTimeout(() => {
      this.retryHandle = null;
      this.request();
    }, ms);
  }

  private clearRetry(): void {
    if (this.retryHandle !== null) this.timer.clearTimeout(this.retryHandle);
    this.retryHandle = null;
  }

  /** Every probe interval while failing: when the server answers again, skip the rest of the backoff. */
  private async probeTick(): Promise<void> {
    if (this.running || this.authRequired || this.offline || this.failures === 0) return;
    if (await this.options.probe()) {
      this.failures = 0;
      this.request();
    }
  }

  private emit(): void {
    this.options.onChange(this.snapshot());
  }
}
