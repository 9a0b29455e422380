import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay, SYNC_BACKOFF } from './backoff';

describe('backoff with full jitter', () => {
  it('doubles the ceiling from 1 s and caps it at 5 min', () => {
    expect([0, 1, 2, 3, 4, 9, 10, 50, 1e9].map((n) => backoffCeiling(n))).toEqual([
      0, 1_000, 2_000, 4_000, 8_000, 256_000, 300_000, 300_000, 300_000,
    ]);
    expect(backoffCeiling(Number.NaN)).toBe(0);
  });

  it('draws uniformly between 0 and the ceiling', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.5)).toBe(2_000);
    expect(backoffDelay(3, () => 0.999999)).toBe(4_000);
    expect(backoffDelay(30, () => 0.25)).toBe(75_000);
  });

  it('stays in range whatever the random source returns', () => {
    for (const r of [-1, 2, Number.NaN, Infinity]) {
      const d = backoffDelay(5, () => r);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(backoffCeiling(5));
    }
  });

  it('spreads real draws over the whole range', () => {
    const draws = Array.from({ length: 2000 }, () => backoffDelay(4));
    expect(Math.min(...draws)).toBeLessThan(800);
    expect(Math.max(...draws)).toBeGreaterThan(7_200);
    expect(draws.every((d) => d >= 0 && d <= 8_000)).toBe(true);
    expect(SYNC_BACKOFF).toEqual({ baseMs: 1_000, maxMs: 300_000 });
  });
});
