import type { Browser } from 'playwright-core';

/** One measured figure beside the peer it is judged against, both measured in the same run. */
export interface BenchRow {
  figure: string;
  medianMs: number;
  peer: string;
  peerMedianMs: number;
  runs: number;
  /** The ratio figure/peer this figure aims to stay under. */
  targetRatio?: number;
  note?: string;
}

export interface BenchContext {
  browser: Browser;
  log(message: string): void;
}

/** A section of `npm run bench` (photos today; sync and the changes feed later). */
export interface BenchSection {
  name: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
