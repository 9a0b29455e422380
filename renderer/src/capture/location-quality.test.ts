import { describe, expect, it } from 'vitest';
import { betterFix, fixQuality, roundAccuracy, type Fix } from './location-quality';

const fix = (accuracyM: number, fixedAt = '2026-01-01T00:00:00.000Z'): Fix => ({
  lat: -6.2,
  lng: 106.8,
  accuracyM,
  fixedAt,
});

describe('fixQuality', () => {
  it.each([
    [0, 'excellent'],
    [10, 'excellent'],
    [10.1, 'good'],
    [30, 'good'],
    [30.5, 'fair'],
    [50, 'fair'],
    [50.1, 'poor'],
    [5000, 'poor'],
    [Number.NaN, 'poor'],
    [-1, 'poor'],
  ] as const)('%d m with a 50 m threshold is %s', (accuracy, quality) => {
    expect(fixQuality(accuracy, 50)).toBe(quality);
  });

  it('a threshold below 30 m leaves no fair band', () => {
    expect(fixQuality(25, 20)).toBe('good');
    expect(fixQuality(31, 20)).toBe('poor');
  });
});

describe('betterFix', () => {
  it('keeps the most accurate fix seen', () => {
    let best: Fix | null = null;
    for (const accuracy of [80, 25, 12, 40, 300]) best = betterFix(best, fix(accuracy));
    expect(best?.accuracyM).toBe(12);
  });

  it('prefers the newer of two equally accurate fixes', () => {
    const newer = fix(12, '2026-01-01T00:01:00.000Z');
    expect(betterFix(fix(12), newer)).toBe(newer);
  });

  it('ignores unusable fixes', () => {
    const good = fix(20);
    expect(betterFix(good, fix(Number.NaN))).toBe(good);
    expect(betterFix(null, { ...fix(5), lat: 95 })).toBeNull();
    expect(betterFix(null, { ...fix(5), lng: Number.POSITIVE_INFINITY })).toBeNull();
    expect(betterFix(good, fix(-3))).toBe(good);
  });
});

describe('roundAccuracy', () => {
  it('shows whole metres, at least one', () => {
    expect(roundAccuracy(12.4)).toBe(12);
    expect(roundAccuracy(0.2)).toBe(1);
  });
});
