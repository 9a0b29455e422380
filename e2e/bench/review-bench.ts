import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { labRoot } from '../support/lab';
import { serveStatic } from '../support/static-server';
import { median, scaled, type BenchRow, type BenchSection } from './bench-types';
import { countDocs, startBenchServer, type BenchServer } from './bench-server';

// The supervisor's review queue at scale (issue 5): N reports (default 50 000, no photo bytes) of one region
// on a fresh server, then in a fresh browser profile
//   (a) the app's first sync: the real SyncEngine (RxDB replication through the gateway into IndexedDB),
//       until the review index shows every report with its events folded in, against
//       PouchDB's native replication of the same documents into the same browser (idb adapter, straight
//       from the backend as its admin, through a CORS-only pass-through);
//   (b) building the review index from the synced database, against reading the two collections alone;
//   (c) filtering (result + every facet count) through the index, against the same filters as RxDB queries
//       on IndexedDB where RxDB can express them (status and the accent-free search it cannot).

const REGION = 'jakarta-pusat';
const SUPERVISOR = 'budi';
const CATEGORIES = [
  'pkl-trotoar',
  'parkir-liar',
  'reklame-tanpa-izin',
  'bangunan-tanpa-izin',
  'kerumunan-masker',
];
const WHAT = [
  'Pedagang kaki lima menutup',
  'Parkir liar memakan',
  'Reklame tanpa izin di',
  'Gerobak berjualan di',
  'Kerumunan tanpa masker di',
];
const WHERE = ['trotoar', 'bahu jalan', 'halte', 'jembatan penyeberangan', 'taman kota'];
const NEAR = [
  'depan pasar',
  'dekat stasiun',
  'samping sekolah',
  'depan kafé',
  'dekat masjid',
  'depan kantor kelurahan',
];
const DAY = 86_400_000;

function area(i: number) {
  const kec = 1 + (i % 8);
  const kel = 1001 + ((i >> 3) % 6);
  return {
    kota: { code: '31.71', name: 'Jakarta Pusat' },
    kecamatan: { code: `31.71.0${kec}`, name: `Kecamatan ${kec}` },
    kelurahan: { code: `31.71.0${kec}.${kel}`, name: `Kelurahan ${kec}-${kel}` },
  };
}

/** Report i of n in the region: spread over 90 days, 20 officers in 4 teams, 9 in 10 with an area. */
function report(i: number, n: number, t0: number) {
  const id = crypto.randomUUID();
  const at = new Date(t0 - (i * 90 * DAY) / n).toISOString();
  const officer = 1 + (i % 20);
  return {
    _id: id,
    id,
    type: 'report',
    categoryId: CATEGORIES[i % CATEGORIES.length]!,
    description: `${WHAT[i % WHAT.length]} ${WHERE[(i >> 2) % WHERE.length]} ${NEAR[(i >> 4) % NEAR.length]} (${i}).`,
    ...(i % 3 === 0 ? { placeNote: `Jl. Contoh No. ${i % 200}` } : {}),
    location: {
      lat: -6.17 - (i % 100) / 1e4,
      lng: 106.82 + (i % 97) / 1e4,
      accuracyM: 10,
      source: 'device',
      fixedAt: at,
    },
    capturedAt: at,
    createdAt: at,
    photos: [
      {
        sha256: crypto.createHash('sha256').update(id).digest('hex'),
        bytes: 250_000,
        width: 1920,
        height: 1440,
      },
    ],
    author: `petugas${officer}`,
    team: `regu-${1 + (officer % 4)}`,
    region: REGION,
    ...(i % 10 === 9 ? {} : { area: area(i) }),
    deviceId: 'device-bench',
    appVersion: '0.1.0',
    schemaVersion: 1,
  };
}

function decision(r: ReturnType<typeof report>, kind: 'disposed' | 'rejected') {
  const id = crypto.randomUUID();
  return {
    _id: id,
    id,
    type: 'event',
    kind,
    reportId: r.id,
    actor: SUPERVISOR,
    actorRole: 'supervisor',
    at: new Date(Date.parse(r.capturedAt) + 3_600_000).toISOString(),
    reportAuthor: r.author,
    reportTeam: r.team,
    reportRegion: REGION,
    ...(kind === 'disposed' ? { unit: 'Satpol PP Kecamatan' } : { reason: 'Bukan pelanggaran' }),
  };
}

async function seed(s: BenchServer, db: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 2000) {
    const res = await s.admin(`${db}/_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ docs: docs.slice(i, i + 2000) }),
    });
    const rows = (await res.json()) as Array<{ ok?: boolean; error?: string; reason?: string }>;
    const bad = Array.isArray(rows) ? rows.find((r) => !r.ok) : rows;
    if (!res.ok || bad) throw new Error(`seeding ${db}: ${res.status} ${JSON.stringify(bad)}`);
  }
}

/**
 * The backend has no CORS of its own; this forwards every request unchanged and only adds the headers a
 * cross-origin page needs (the peer's requests still go straight to the backend, no gateway logic).
 */
async function corsPassThrough(
  target: string,
  origin: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-headers', 'authorization, content-type, accept');
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, HEAD, OPTIONS');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const upstream = http.request(
      {
        host: to.hostname,
        port: to.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: to.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A filter for the lab page (renderer/lab/review-lab.ts): ReviewFilter fields, and the same as an RxDB selector. */
interface FilterCase {
  name: string;
  filter: Record<string, unknown>;
  rxdb: Record<string, unknown> | null;
}

type Lab = Record<string, (...args: unknown[]) => unknown>;
const call = <T>(page: Page, name: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(
    ([n, a]) =>
      (window as unknown as { tertibLab: { review: Lab } }).tertibLab.review[n as string]!(
        ...(a as unknown[]),
      ),
    [name, args] as const,
  ) as Promise<T>;

export const reviewBench: BenchSection = {
  name: 'review',
  async run({ browser, log }) {
    const n = scaled(50_000, 500);
    const runs = 7;
    const chromium = await browser();
    const statics = await serveStatic(labRoot);
    const s = await startBenchServer({ TERTIB_ALLOWED_ORIGINS: statics.origin });
    const cleanups: Array<() => Promise<void>> = [() => s.close(), () => statics.close()];
    try {
      await s.addUser(SUPERVISOR, 'supervisor', ['--region', REGION]);
      const t0 = Date.now();
      const reports = Array.from({ length: n }, (_, i) => report(i, n, t0));
      // 10 % dispatched, 5 % rejected: the status filter and facets have something to count.
      const events = reports.flatMap((r, i) =>
        i % 10 === 3 ? [decision(r, 'disposed')] : i % 20 === 7 ? [decision(r, 'rejected')] : [],
      );
      log(`review: seeding ${n} reports and ${events.length} events into the backend`);
      await seed(s, 'reports', reports);
      await seed(s, 'events', events);
      if ((await countDocs(s, 'reports', '')) - 1 !== n)
        throw new Error('the backend does not hold every report');

      const proxy = await corsPassThrough(s.backendUrl, statics.origin);
      cleanups.unshift(() => proxy.close());
      const context = await chromium.newContext();
      cleanups.unshift(() => context.close());
      const page = await context.newPage();
      page.on('pageerror', (err) => log(`review: page error: ${err.message}`));
      await page.goto(statics.origin + '/index.html');
      await page.waitForFunction(
        () => (window as unknown as { tertibLabReady?: boolean }).tertibLabReady === true,
      );

      log(`review: the app's first sync of ${n} reports + ${events.length} events through the gateway`);
      const token = await s.token(SUPERVISOR);
      const ours = await call<{ ms: number; size: number }>(
        page,
        'firstSync',
        s.url,
        SUPERVISOR,
        token,
        n,
        events.length,
      );
      log(`review: PouchDB native replication of the same documents`);
      const native = await call<{ ms: number; docs: number }>(
        page,
        'nativeReplication',
        [`${proxy.url}/reports`, `${proxy.url}/events`],
        s.adminAuth,
      );
      // The backend's design document travels with PouchDB's replication, not with the gateway's.
      if (native.docs < n + events.length)
        throw new Error(`native replication wrote ${native.docs} documents`);

      const iso = (daysAgo: number) => new Date(t0 - daysAgo * DAY).toISOString();
      const cases: FilterCase[] = [
        { name: 'category', filter: { category: 'parkir-liar' }, rxdb: { categoryId: 'parkir-liar' } },
        { name: 'officer', filter: { officer: 'petugas7' }, rxdb: { author: 'petugas7' } },
        {
          name: '7 days',
          filter: { from: iso(37), to: iso(30) },
          rxdb: { createdAt: { $gte: iso(37), $lt: iso(30) } },
        },
        {
          name: 'search 2 words',
          filter: { q: 'trotoar pasar' },
          rxdb: { $and: [{ description: { $regex: 'trotoar' } }, { description: { $regex: 'pasar' } }] },
        },
        { name: 'status', filter: { status: 'disposisi' }, rxdb: null },
        {
          name: 'kecamatan + status + search',
          filter: { area: '31.71.03', status: 'menunggu', q: 'kafe' },
          rxdb: null,
        },
      ];
      log(`review: index build and ${cases.length} filters × ${runs}`);
      const times = await call<{
        build: number[];
        read: number[];
        sortMs: number;
        size: number;
        cases: Array<{
          name: string;
          index: number[];
          map: number[];
          rxdb: number[];
          matched: number;
          rxMatched: number;
        }>;
        mapFirst: number[];
        listFirst: number[];
      }>(page, 'filterTimes', s.url, SUPERVISOR, token, cases, runs);
      for (const c of times.cases) {
        log(
          `review: ${c.name}: ${c.matched} rows, index ${median(c.index).toFixed(1)} ms` +
            (c.rxdb.length ? `, RxDB ${median(c.rxdb).toFixed(1)} ms (${c.rxMatched} rows)` : ''),
        );
      }
      const comparable = times.cases.filter((c) => c.rxdb.length > 0);
      const rows: BenchRow[] = [
        {
          figure: `supervisor's first sync, ${n} reports → queue shows all`,
          medianMs: ours.ms,
          peer: 'PouchDB native replication (idb)',
          peerMedianMs: native.ms,
          runs: 1,
          work: { amount: n + events.length, unit: 'docs' },
          note: `ours: SyncEngine (RxDB replication through the gateway, Dexie) until the review index holds ${ours.size} reports with ${events.length} events folded; peer: pouchdb replicate.from the backend as admin, reports then events (${native.docs} docs)`,
        },
        {
          figure: `review index build, ${times.size} reports`,
          medianMs: median(times.build),
          peer: 'reading both collections alone',
          peerMedianMs: median(times.read),
          runs,
          note: `first "newest" sort of the snapshot ${times.sortMs.toFixed(0)} ms (then cached per snapshot)`,
        },
        {
          figure: `review filter + 5 facets (median of ${comparable.length} filters)`,
          medianMs: median(comparable.map((c) => median(c.index))),
          peer: 'same filters as RxDB queries',
          peerMedianMs: median(comparable.map((c) => median(c.rxdb))),
          runs,
          note: `per filter (index/RxDB ms): ${times.cases
            .map(
              (c) =>
                `${c.name} ${median(c.index).toFixed(1)}` +
                (c.rxdb.length ? `/${median(c.rxdb).toFixed(1)}` : '/—'),
            )
            .join(', ')}; RxDB matches the search case-sensitively in the description only`,
        },
        {
          figure: `queue map first render with clusters, ${times.size} reports`,
          medianMs: median(times.mapFirst),
          peer: "the list's query of all reports",
          peerMedianMs: median(times.listFirst),
          runs,
          note: 'supercluster index + framing + the view drawn as Leaflet markers, to the next painted frame',
        },
        {
          figure: `queue map: apply a filter (median of ${times.cases.length} filters)`,
          medianMs: median(times.cases.map((c) => median(c.map))),
          peer: "the list's filter + 5 facets",
          peerMedianMs: median(times.cases.map((c) => median(c.index))),
          runs,
          note: `per filter (map/list ms): ${times.cases
            .map((c) => `${c.name} ${median(c.map).toFixed(1)}/${median(c.index).toFixed(1)}`)
            .join(', ')}; the map redraws from the list's rows, so a filter costs the list's time plus this`,
        },
      ];
      return rows;
    } finally {
      for (const c of cleanups) await c().catch(() => undefined);
    }
  },
};
