import { describe, expect, it } from 'vitest';
import { SyncScheduler, type RunOutcome, type SchedulerSnapshot, type SchedulerTimer } from './sync-scheduler';

/** A manual clock: timeouts and intervals fire only when the test advances time. */
class FakeTimer implements SchedulerTimer {
  now = 0;
  private next = 1;
  readonly timeouts = new Map<number, { at: number; cb: () => void }>();
  readonly intervals = new Map<number, { every: number; last: number; cb: () => void }>();
  setTimeout(cb: () => void, ms: number): unknown {
    const id = this.next++;
    this.timeouts.set(id, { at: this.now + ms, cb });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timeouts.delete(h as number);
  }
  setInterval(cb: () => void, ms: number): unknown {
    const id = this.next++;
    this.intervals.set(id, { every: ms, last: this.now, cb });
    return id;
  }
  clearInterval(h: unknown): void {
    this.intervals.delete(h as number);
  }
  /** Pending timeouts' delays from now. */
  pending(): number[] {
    return [...this.timeouts.values()].map((t) => t.at - this.now);
  }
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.timeouts.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      const tick = [...this.intervals.values()].filter((i) => i.last + i.every <= end).sort((a, b) => a.last - b.last)[0];
      const dueAt = due?.[1].at ?? Infinity;
      const tickAt = tick ? tick.last + tick.every : Infinity;
      if (dueAt === Infinity && tickAt === Infinity) break;
      if (dueAt <= tickAt && due) {
        this.now = dueAt;
        this.timeouts.delete(due[0]);
        due[1].cb();
      } else if (tick) {
        this.now = tickAt;
        tick.last = tickAt;
        tick.cb();
      }
      await flush();
    }
    this.now = end;
  }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

class AuthError extends Error {}

function setup(results: Array<RunOutcome | Error>, opts: { probe?: () => Promise<boolean>; online?: boolean } = {}) {
  const timer = new FakeTimer();
  const runs: number[] = [];
  const snapshots: SchedulerSnapshot[] = [];
  const scheduler = new SyncScheduler({
    run: async () => {
      runs.push(timer.now);
      const next = results.shift() ?? { again: null };
      if (next instanceof Error) throw next;
      return next;
    },
    probe: opts.probe ?? (async () => false),
    isAuthError: (err) => err instanceof AuthError,
    onChange: (s) => snapshots.push(s),
    online: opts.online ?? true,
    timer,
    random: () => 0.5,
    probeIntervalMs: 30_000,
  });
  return { timer, runs, snapshots, scheduler };
}

describe('SyncScheduler', () => {
  it('runs at start, then retries failures with growing jittered delays, and resets after a success', async () => {
    const boom = new Error('502');
    const { timer, runs, scheduler } = setup([boom, boom, boom, { again: null }, boom]);
    scheduler.start();
    await flush();
    expect(runs).toEqual([0]);
    // random 0.5 → half the ceiling: 500 ms, 1 s, 2 s.
    expect(timer.pending()).toEqual([500]);
    await timer.advance(500);
    expect(timer.pending()).toEqual([1_000]);
    await timer.advance(1_000);
    expect(timer.pending()).toEqual([2_000]);
    await timer.advance(2_000);
    expect(runs).toEqual([0, 500, 1_500, 3_500]);
    expect(scheduler.snapshot()).toMatchObject({ failures: 0, lastError: null, running: false });
    expect(timer.pending()).toEqual([]);
    scheduler.request();
    await flush();
    // The failure count starts again from one.
    expect(timer.pending()).toEqual([500]);
    scheduler.stop();
  });

  it('coalesces requests during a run into one more run', async () => {
    const { runs, scheduler } = setup([]);
    scheduler.start();
    scheduler.request();
    scheduler.request();
    scheduler.request();
    await flush();
    await flush();
    expect(runs).toHaveLength(2);
    scheduler.stop();
  });

  it('schedules the follow-up a run asks for (receipts still awaited)', async () => {
    const { timer, runs, scheduler } = setup([{ again: 2_000 }, { again: null }]);
    scheduler.start();
    await flush();
    expect(timer.pending()).toEqual([2_000]);
    await timer.advance(2_000);
    expect(runs).toEqual([0, 2_000]);
    expect(timer.pending()).toEqual([]);
    scheduler.stop();
  });

  it('pauses on a 401 until resume(), with no retries meanwhile', async () => {
    const { timer, runs, scheduler } = setup([new AuthError('401')]);
    scheduler.start();
    await flush();
    expect(scheduler.snapshot()).toMatchObject({ authRequired: true, failures: 0 });
    expect(timer.pending()).toEqual([]);
    scheduler.request();
    await timer.advance(10 * 60_000);
    expect(runs).toEqual([0]);
    scheduler.resume();
    await flush();
    expect(runs).toHaveLength(2);
    expect(scheduler.snapshot().authRequired).toBe(false);
    scheduler.stop();
  });

  it('waits while offline and runs at once when the network returns', async () => {
    const { timer, runs, scheduler } = setup([], { online: false });
    scheduler.start();
    await timer.advance(60_000);
    expect(runs).toEqual([]);
    scheduler.setOnline(true);
    await flush();
    expect(runs).toEqual([60_000]);
    scheduler.stop();
  });

  it('skips the rest of a long backoff when the health probe finds the server again', async () => {
    let up = false;
    const boom = new Error('down');
    const { timer, runs, scheduler } = setup(Array<Error>(10).fill(boom), { probe: async () => up });
    scheduler.start();
    // Fail until the backoff ceiling is far beyond the probe interval.
    while (runs.length < 10) await timer.advance(Math.max(...timer.pending(), 1));
    const before = runs.length;
    expect(Math.max(...timer.pending())).toBeGreaterThan(100_000);
    up = true;
    await timer.advance(30_000);
    expect(runs.length).toBe(before + 1);
    scheduler.stop();
  });

  it('backs off after a failure reported from outside a run (a live feed broke)', async () => {
    const { timer, runs, scheduler } = setup([]);
    scheduler.start();
    await flush();
    scheduler.fail(new Error('longpoll cut'));
    expect(scheduler.snapshot().failures).toBe(1);
    await timer.advance(500);
    expect(runs).toEqual([0, 500]);
    scheduler.stop();
    scheduler.fail(new Error('after stop'));
    expect(timer.pending()).toEqual([]);
  });
});
