// How good a fix is, in words an officer acts on, and which of the fixes seen so far the report keeps.

export type FixQuality = 'excellent' | 'good' | 'fair' | 'poor';

/** Fixed steps for the first two levels; "fair" reaches up to the server's confirmation threshold. */
export const QUALITY_EXCELLENT_M = 10;
export const QUALITY_GOOD_M = 30;

export function fixQuality(accuracyM: number, thresholdM: number): FixQuality {
  if (!Number.isFinite(accuracyM) || accuracyM < 0) return 'poor';
  if (accuracyM <= QUALITY_EXCELLENT_M) return 'excellent';
  if (accuracyM <= QUALITY_GOOD_M) return 'good';
  if (accuracyM <= thresholdM) return 'fair';
  return 'poor';
}

export interface Fix {
  lat: number;
  lng: number;
  accuracyM: number;
  fixedAt: string;
}

/** A usable fix: finite, in range, with a non-negative accuracy. Browsers have reported NaN accuracy. */
export function isUsableFix(fix: Fix): boolean {
  return (
    Number.isFinite(fix.lat) &&
    Number.isFinite(fix.lng) &&
    Number.isFinite(fix.accuracyM) &&
    Math.abs(fix.lat) <= 90 &&
    Math.abs(fix.lng) <= 180 &&
    fix.accuracyM >= 0
  );
}

/**
 * The report keeps the most accurate fix seen while the form is open (a later, worse fix — the car moved
 * under a flyover — does not replace a good one). On equal accuracy the newer fix wins.
 */
export function betterFix<T extends Fix>(best: T | null, candidate: T): T | null {
  if (!isUsableFix(candidate)) return best;
  if (best === null || candidate.accuracyM <= best.accuracyM) return candidate;
  return best;
}

/** "±12 m": whole metres, at least 1 (a claimed 0.4 m is still "±1 m"). */
export function roundAccuracy(accuracyM: number): number {
  return Math.max(1, Math.round(accuracyM));
}
