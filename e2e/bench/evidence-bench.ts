import { reportDoc } from '../../sync-server/test/sync-fixtures';
import { testDevice } from '../../sync-server/test/evidence-fixtures';
import { median, scaled, type BenchSection } from './bench-types';
import { startBenchServer } from './bench-server';

// Server-side signature checks (issue 11): reports per second through the gateway's `_bulk_docs`, signed
// (schemaVersion 2: device lookup + Ed25519 verification per document) against unsigned legacy reports
// (schemaVersion 1: no verification), same server, same batch size, both writing their signed receipts;
// the two sides alternate, median of RUNS.

const RUNS = 5;
const BATCH = 100;

export const evidenceBench: BenchSection = {
  name: 'evidence',
  async run({ log }) {
    const n = scaled(1000, BATCH);
    const s = await startBenchServer();
    try {
      await s.addUser('ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']);
      const token = await s.token('ani');
      const device = testDevice('ani');
      if ((await device.register(s.url, token)) !== 201) throw new Error('device registration failed');
      const push = async (docs: Array<Record<string, unknown>>) => {
        const t0 = performance.now();
        for (let i = 0; i < docs.length; i += BATCH) {
          const res = await fetch(`${s.url}/db/reports/_bulk_docs`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              docs: docs.slice(i, i + BATCH).map(({ id, ...r }) => ({ _id: id, ...r })),
            }),
          });
          const rows = (await res.json()) as Array<{ ok?: boolean; reason?: string }>;
          const bad = rows.find((r) => !r.ok);
          if (bad) throw new Error(`_bulk_docs refused: ${bad.reason ?? '?'}`);
        }
        return performance.now() - t0;
      };
      const signed: number[] = [];
      const unsigned: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        log(`evidence: run ${run + 1}/${RUNS}, ${n} reports each way`);
        const make = () => reportDoc('ani', 'regu-1', 'jakarta-pusat');
        unsigned.push(await push(Array.from({ length: n }, make)));
        signed.push(
          await push(Array.from({ length: n }, () => device.sign({ ...make(), schemaVersion: 2 }))),
        );
      }
      return [
        {
          figure: `_bulk_docs of ${n} signed reports (verified per document), batches of ${BATCH}`,
          medianMs: median(signed),
          peer: 'the same count of unsigned legacy reports (no verification)',
          peerMedianMs: median(unsigned),
          runs: RUNS,
          work: { amount: n, unit: 'docs' },
        },
      ];
    } finally {
      await s.close();
    }
  },
};
