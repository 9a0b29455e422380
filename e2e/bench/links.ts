import zlib from 'node:zlib';
import {
  LINK_PROFILES,
  floorMs,
  startFaultProxy,
  type FaultProxy,
  type LinkName,
  type LinkProfile,
} from '../../sync-server/test/fault-proxy';
import { scaled } from './bench-types';

// The links every sync figure is measured on (issue 10): `loopback` and the shaped `3g` by default;
// `BENCH_LINKS=loopback,4g,3g` picks others. Counts on a shaped link are smaller than on loopback (a 3g
// uplink moves ~90 KB/s: the loopback backlog of 172 MB would take half an hour); `BENCH_LINK_SCALE`
// (default 1) grows or shrinks them, on top of BENCH_SCALE.

export function benchLinks(): LinkProfile[] {
  const names = (process.env.BENCH_LINKS ?? 'loopback,3g').split(',').map((s) => s.trim());
  return names.map((name) => {
    if (!(name in LINK_PROFILES))
      throw new Error(`BENCH_LINKS: unknown link ${name} (${Object.keys(LINK_PROFILES).join(', ')})`);
    return LINK_PROFILES[name as LinkName];
  });
}

/** `n` on loopback, `shaped` on any other link, both scaled; never below `min`. */
export function countFor(link: LinkProfile, n: number, shaped: number, min = 1): number {
  if (link.name === 'loopback') return scaled(n, min);
  const raw = Number(process.env.BENCH_LINK_SCALE ?? '1');
  const factor = Number.isFinite(raw) && raw > 0 ? raw : 1;
  return scaled(Math.round(shaped * factor), min);
}

/** A proxy with `link`'s shape in front of `target`, no faults: both sides of a comparison cross the same one. */
export function shapedProxy(target: string, link: LinkProfile): Promise<FaultProxy> {
  return startFaultProxy(target, { cutProbability: 0, cutWithinBytes: 0, latencyMs: 0, seed: 1, link });
}

/** gzip size of `docs` as JSON: what a report batch costs compressed (the floor's "report JSON compressed"). */
export function gzippedJsonBytes(docs: unknown[]): number {
  return zlib.gzipSync(JSON.stringify(docs), { level: 6 }).length;
}

export { floorMs };

export const KB = 1024;
export const MB = 1024 * 1024;
