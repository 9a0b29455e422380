import { stateDocId, type ReportStatsState } from '../../domain/report-stats';
import { STATUSES } from '../../domain/status';
import { addDays, wibDaysAgo } from '../../sync-server/test/stats-fixtures';
import { median, scaled, type BenchSection } from './bench-types';
import { startBenchServer } from './bench-server';

// `/api/stats` (grouped reads of the statistics views over the materialised states) beside the direct way:
// reading the same state documents with `_all_docs?include_docs=true` and counting them in the client.
// N states spread over 90 days, 2 regions, 6 teams, 9 categories; the admin's last-30-days dashboard. The
// views' first (index-building) read is reported as a note, then both sides alternate; median of RUNS.

const RUNS = 5;
const CATEGORIES = [
  'kesehatan',
  'tenaga-kerja',
  'bantuan-sosial',
  'perdagangan',
  'pkl-trotoar',
  'parkir-liar',
  'reklame-tanpa-izin',
  'bangunan-tanpa-izin',
  'kerumunan-masker',
];

function state(i: number, today: string): ReportStatsState & { _id: string } {
  const day = addDays(today, -(i % 90));
  const status = STATUSES[i % STATUSES.length]!;
  const team = `regu-${(i % 6) + 1}`;
  const capturedAt = `${day}T02:00:00.000Z`;
  const closeMs = status === 'selesai' ? ((i * 7919) % 5000) * 60_000 : null;
  const id = `01J${String(i).padStart(23, '0')}`;
  return {
    _id: stateDocId(id),
    type: 'report-state',
    reportId: id,
    author: `petugas${i % 40}`,
    team,
    region: i % 2 ? 'jakarta-pusat' : 'jakarta-utara',
    categoryId: CATEGORIES[i % CATEGORIES.length]!,
    capturedAt,
    day,
    kota: { code: i % 2 ? '31.71' : '31.72', name: 'x' },
    kecamatan: { code: `31.7${(i % 2) + 1}.0${(i % 8) + 1}`, name: 'x' },
    status,
    assignedTeam: null,
    assignedOfficer: null,
    duplicateOf: i % 97 === 0 ? '01J0000000000000000000000X' : null,
    closedAt: closeMs === null ? null : new Date(Date.parse(capturedAt) + closeMs).toISOString(),
    closeMs,
    handlerTeam: team,
    handlerOfficer: `petugas${i % 40}`,
    lastEventAt: null,
  };
}

export const statsBench: BenchSection = {
  name: 'stats',
  async run({ log }) {
    const n = scaled(20_000, 200);
    const s = await startBenchServer();
    try {
      await s.addUser('citra', 'admin');
      const token = await s.token('citra');
      const today = wibDaysAgo(0);
      log(`stats: writing ${n} report states straight into the backend`);
      for (let i = 0; i < n; i += 1000) {
        const docs = Array.from({ length: Math.min(1000, n - i) }, (_, k) => state(i + k, today));
        const res = await s.admin('tertib_report_states/_bulk_docs', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ docs }),
        });
        if (res.status !== 201) throw new Error(`seeding: ${res.status}`);
        await res.text();
      }
      const from = addDays(today, -29);
      const viaViews = async () => {
        const res = await fetch(`${s.url}/api/stats?from=${from}&to=${today}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!res.ok) throw new Error(`/api/stats: ${res.status}`);
        return ((await res.json()) as { total: number }).total;
      };
      const scan = async () => {
        const qs = new URLSearchParams({
          include_docs: 'true',
          startkey: JSON.stringify('state:'),
          endkey: JSON.stringify('state:\ufff0'),
        });
        const res = await s.admin(`tertib_report_states/_all_docs?${qs}`);
        const body = (await res.json()) as { rows: Array<{ doc: ReportStatsState }> };
        const counts = new Map<string, number>();
        let total = 0;
        for (const { doc } of body.rows) {
          if (doc.duplicateOf || doc.day < from || doc.day > today) continue;
          total++;
          for (const k of [doc.status, doc.categoryId, doc.team, doc.author, doc.kota?.code, doc.day])
            counts.set(String(k), (counts.get(String(k)) ?? 0) + 1);
        }
        return total;
      };
      const t0 = performance.now();
      const first = await viaViews();
      const indexMs = performance.now() - t0;
      const direct = await scan();
      if (first !== direct) throw new Error(`views counted ${first}, the scan ${direct}`);
      const views: number[] = [];
      const scans: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const a = performance.now();
        await viaViews();
        const b = performance.now();
        await scan();
        views.push(b - a);
        scans.push(performance.now() - b);
      }
      return [
        {
          figure: `/api/stats, admin, last 30 days, over ${n} states (views)`,
          medianMs: median(views),
          peer: '_all_docs scan of the same states, counted in the client',
          peerMedianMs: median(scans),
          runs: RUNS,
          work: { amount: n, unit: 'states' },
          note: `first read built the view indexes in ${indexMs.toFixed(0)} ms; both counted ${first} reports`,
        },
      ];
    } finally {
      await s.close();
    }
  },
};
