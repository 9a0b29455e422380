import crypto from 'node:crypto';
import { reportDoc } from '../../sync-server/test/sync-fixtures';
import { median, scaled, type BenchSection } from './bench-types';
import { startBenchServer } from './bench-server';

// The gateway's `_changes` against the backend's: N small report docs, all readable by a supervisor of
// their region (so every row goes through the per-user filter and none is dropped), read from since=0 in
// pages of `include_docs=true&limit=500`, as a replicator's catch-up reads them. Same server, same data,
// the two readers alternating; median of RUNS.

const RUNS = 5;
const PAGE = 500;

interface ChangesPage {
  results: Array<{ id: string; doc?: unknown }>;
  last_seq: string | number;
}

async function readAll(get: (qs: string) => Promise<Response>): Promise<{ ms: number; docs: number }> {
  const t0 = performance.now();
  let since: string | number = 0;
  let docs = 0;
  for (let page = 0; page < 10_000; page++) {
    const qs = new URLSearchParams({ include_docs: 'true', limit: String(PAGE), since: String(since) });
    const res = await get(qs.toString());
    if (!res.ok) throw new Error(`_changes: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as ChangesPage;
    docs += body.results.filter((r) => r.doc).length;
    since = body.last_seq;
    // A filtered page may hold fewer than `limit` rows before the end, so, like the replicators, read
    // until a page comes back empty (one more request on both sides).
    if (body.results.length === 0) break;
  }
  return { ms: performance.now() - t0, docs };
}

export const changesBench: BenchSection = {
  name: 'changes',
  async run({ log }) {
    const n = scaled(5000, 50);
    const s = await startBenchServer();
    try {
      await s.addUser('budi', 'supervisor', ['--region', 'jakarta-pusat']);
      const token = await s.token('budi');
      log(`changes: writing ${n} reports straight into the backend`);
      const authors = ['ani', 'eko', 'dodi', 'fitri'];
      for (let i = 0; i < n; i += 1000) {
        const docs = Array.from({ length: Math.min(1000, n - i) }, (_, k) => {
          const r = reportDoc(authors[(i + k) % authors.length]!, `regu-${(k % 3) + 1}`, 'jakarta-pusat', {
            description: `Laporan ${i + k}: ${crypto.randomBytes(24).toString('base64')}`,
          });
          return { ...r, _id: r.id };
        });
        const res = await s.admin('reports/_bulk_docs', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ docs }),
        });
        if (res.status !== 201) throw new Error(`seeding: ${res.status}`);
        await res.text();
      }
      const viaGateway = (qs: string) =>
        fetch(`${s.url}/db/reports/_changes?${qs}`, { headers: { authorization: `Bearer ${token}` } });
      const direct = (qs: string) => s.admin(`reports/_changes?${qs}`);
      // Warm-up, and the check that both see the same documents (the backend also has the design doc).
      const wg = await readAll(viaGateway);
      const wd = await readAll(direct);
      if (wg.docs !== n || wd.docs !== n + 1)
        throw new Error(`read ${wg.docs} via gateway, ${wd.docs} direct`);
      const gateway: number[] = [];
      const backend: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        if (i % 2) {
          gateway.push((await readAll(viaGateway)).ms);
          backend.push((await readAll(direct)).ms);
        } else {
          backend.push((await readAll(direct)).ms);
          gateway.push((await readAll(viaGateway)).ms);
        }
      }
      return [
        {
          figure: `read ${n} reports via gateway _changes (pages of ${PAGE}, supervisor)`,
          medianMs: median(gateway),
          peer: 'backend _changes as admin',
          peerMedianMs: median(backend),
          runs: RUNS,
          work: { amount: n, unit: 'docs' },
        },
      ];
    } finally {
      await s.close();
    }
  },
};
