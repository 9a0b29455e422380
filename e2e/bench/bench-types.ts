import type { Browser } from 'playwright-core';

/** One measured figure beside the peer it is judged against, both measured in the same run. */
export interface BenchRow {
  figure: string;
  medianMs: number;
  peer: string;
  peerMedianMs: number;
  runs: number;
  /** What medianMs and peerMedianMs count: milliseconds (default) or bytes. */
  unit?: 'ms' | 'B';
  /** The ratio figure/peer this figure aims to stay at or under. */
  targetRatio?: number;
  /** The work both sides did (e.g. 180 MB, 5000 docs): the table prints a rate beside each time. */
  work?: { amount: number; unit: string };
  note?: string;
}

export interface BenchContext {
  /** Real Chromium with the lab page built; launched on first use, so Node-only sections never pay for it. */
  browser(): Promise<Browser>;
  log(message: string): void;
}

/** A section of `npm run bench`: photos (Chromium), then sync, changes and live (Node only). */
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

/** The q-quantile (0..1) by the nearest-rank method. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of nothing');
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** `BENCH_SCALE` (default 1) shrinks or grows every count, never below `min`. */
export function scaled(n: number, min = 1): number {
  const raw = Number(process.env.BENCH_SCALE ?? '1');
  const scale = Number.isFinite(raw) && raw > 0 ? raw : 1;
  return Math.max(min, Math.round(n * scale));
}
