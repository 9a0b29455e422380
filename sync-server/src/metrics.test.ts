import { describe, expect, it } from 'vitest';
import { countWrites, metricsText, registerWorkerMetrics } from './metrics';

const value = (text: string, line: string): number => {
  const found = text.split('\n').find((l) => l.startsWith(line + ' '));
  return found ? Number(found.slice(line.length + 1)) : NaN;
};

describe('metrics', () => {
  it('counts stored rows as pushed and the others as refused, by reason', async () => {
    countWrites('events', [
      { ok: true },
      { error: 'forbidden' },
      { error: 'forbidden' },
      { error: 'conflict' },
    ]);
    const { body } = await metricsText();
    expect(value(body, 'tertib_docs_pushed_total{db="events"}')).toBe(1);
    expect(value(body, 'tertib_refused_writes_total{db="events",reason="forbidden"}')).toBe(2);
    expect(value(body, 'tertib_refused_writes_total{db="events",reason="conflict"}')).toBe(1);
  });

  it('reads the workers’ figures at scrape time, and a second registration replaces the first', async () => {
    registerWorkerMetrics(() => []);
    registerWorkerMetrics(() => [
      { name: 'photo-receipts', held: true, progress: { lagMs: 2500, backlog: 7 } },
      { name: 'report-states', held: false, progress: null },
    ]);
    const { body } = await metricsText();
    expect(value(body, 'tertib_worker_held{worker="photo-receipts"}')).toBe(1);
    expect(value(body, 'tertib_worker_held{worker="report-states"}')).toBe(0);
    expect(value(body, 'tertib_worker_lag_seconds{worker="photo-receipts"}')).toBe(2.5);
    expect(value(body, 'tertib_receipts_pending')).toBe(7);
  });
});
