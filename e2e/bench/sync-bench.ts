import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRxDatabase } from 'rxdb';
import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { reportDoc, reportSchemaForTests } from '../../sync-server/test/sync-fixtures';
import { median, scaled, type BenchRow, type BenchSection } from './bench-types';
import { countDocs, startBenchServer, until, type BenchServer } from './bench-server';
import { Pouch, RequestLog, remoteDb, requestKind } from './pouch';

// Backlog sync: an officer comes back online with N reports and 3N photos (~300 KB each, incompressible
// JPEG-like bytes) and a fresh server takes them all. Three ways, each on its own fresh server:
//   ours  the app's path: RxDB replicateCouchDB (memory storage) → gateway /db/reports/, and PouchDB
//         replicate.to with batch_size 1 (the vault) → gateway /db/photos, bearer token; both at once;
//   (a)   PouchDB's native replication of the same docs (reports + photos) straight to the backend as
//         admin, default batch sizes;
//   (b)   the floor: each photo's bytes PUT as a standalone attachment (4 at a time) straight to the
//         backend, plus one _bulk_docs for the reports;
//   (b')  the same raw upload the way this backend takes it fastest: _bulk_docs of 20 photos inline, 2 at a
//         time (on express-pouchdb a standalone attachment PUT costs more than a doc in a bulk write);
// and ours again with the vault pushing 20 photos per batch (the gateway's maximum), to price batch_size 1.
// Then, on the first server, single requests through the gateway against the same request straight to the
// backend, to show where a round trip's time goes.

const OFFICER = 'ani';
const TEAM = 'regu-1';
const REGION = 'jakarta-pusat';
const MB = 1024 * 1024;

function jpegLike(size: number): Buffer {
  const buf = crypto.randomBytes(size);
  buf[0] = 0xff;
  buf[1] = 0xd8;
  buf[2] = 0xff;
  return buf;
}

interface Photo {
  id: string;
  sha256: string;
  bytes: Buffer;
}

function makePhoto(size: number): Photo {
  const bytes = jpegLike(size);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  return { id: `photo:${sha256}`, sha256, bytes };
}

function photoDoc(p: Photo, base64 = false) {
  return {
    _id: p.id,
    type: 'photo',
    sha256: p.sha256,
    bytes: p.bytes.length,
    width: 1920,
    height: 1440,
    contentType: 'image/jpeg',
    author: OFFICER,
    storedAt: new Date().toISOString(),
    _attachments: {
      'photo.jpg': { content_type: 'image/jpeg', data: base64 ? p.bytes.toString('base64') : p.bytes },
    },
  };
}

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no end after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

interface Outcome {
  ms: number;
  receiptsMs?: number;
  detail: string;
}

/** Waits for the server's receipt worker to have written a receipt for every photo. */
async function receiptsDone(s: BenchServer, n: number, t0: number, limitMs: number): Promise<number> {
  await until(async () => (await countDocs(s, 'photos', 'receipt:')) >= n, 'all receipts', limitMs, 250);
  return performance.now() - t0;
}

async function expectStored(s: BenchServer, reports: number, photos: number): Promise<void> {
  const r = (await countDocs(s, 'reports', '')) - 1; // the design document
  const p = await countDocs(s, 'photos', 'photo:');
  if (r !== reports || p !== photos) {
    throw new Error(`server holds ${r}/${reports} reports and ${p}/${photos} photos`);
  }
}

export const syncBench: BenchSection = {
  name: 'sync',
  async run({ log }) {
    const nReports = scaled(200, 5);
    const nPhotos = nReports * 3;
    const limitMs = 300_000;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-bench-sync-'));
    const cleanups: Array<() => Promise<void>> = [];
    try {
      // The officer's device: the same reports and photos for all three ways.
      const photos = Array.from({ length: nPhotos }, (_, i) => makePhoto(280_000 + ((i * 7919) % 40_000)));
      const reports = Array.from({ length: nReports }, (_, r) =>
        reportDoc(OFFICER, TEAM, REGION, {
          photos: photos.slice(r * 3, r * 3 + 3).map((p) => ({
            sha256: p.sha256,
            bytes: p.bytes.length,
            width: 1920,
            height: 1440,
          })),
        }),
      );
      const photoBytes = photos.reduce((n, p) => n + p.bytes.length, 0);
      const reportBytes = reports.reduce((n, r) => n + JSON.stringify(r).length, 0);
      const totalMb = (photoBytes + reportBytes) / MB;
      log(
        `sync: preparing ${nReports} reports + ${nPhotos} photos (${(photoBytes / MB).toFixed(0)} MB of photos) in a LevelDB vault`,
      );
      const vault = new Pouch(path.join(dir, 'vault'));
      cleanups.push(() => vault.close());
      for (let i = 0; i < photos.length; i += 50) {
        await vault.bulkDocs(photos.slice(i, i + 50).map((p) => photoDoc(p)));
      }
      const reportsPouch = new Pouch(path.join(dir, 'reports'));
      cleanups.push(() => reportsPouch.close());
      await reportsPouch.bulkDocs(reports.map((r) => ({ ...r, _id: r.id })));

      // ours ------------------------------------------------------------------------------------------
      const ours = async (s: BenchServer, batchSize = 1): Promise<Outcome> => {
        await s.addUser(OFFICER, 'officer', ['--team', TEAM, '--region', REGION]);
        const token = await s.token(OFFICER);
        const rxLog = new RequestLog();
        const photoLog = new RequestLog();
        const db = await createRxDatabase({
          name: `bench-${crypto.randomBytes(4).toString('hex')}`,
          storage: getRxStorageMemory(),
        });
        try {
          const { reports: coll } = await db.addCollections({ reports: { schema: reportSchemaForTests } });
          await coll!.bulkInsert(reports);
          const errors: unknown[] = [];
          const t0 = performance.now();
          const replication = replicateCouchDB({
            replicationIdentifier: 'bench-reports',
            collection: coll!,
            url: `${s.url}/db/reports/`,
            live: true,
            fetch: (url, init) =>
              rxLog.time(requestKind(String(url), init?.method), () =>
                fetch(url, {
                  ...init,
                  headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${token}` },
                }),
              ),
            pull: { batchSize: 50 },
            push: { batchSize: 50 },
            retryTime: 500,
          });
          replication.error$.subscribe((e) => errors.push(e));
          let reportsMs = 0;
          let photosMs = 0;
          const remote = remoteDb(`${s.url}/db/photos`, `Bearer ${token}`, photoLog);
          const [, pushed] = await timeout(
            Promise.all([
              replication.awaitInitialReplication().then(() => (reportsMs = performance.now() - t0)),
              // As the app does: the checkpoint lives on the device only (receipts prove delivery).
              vault.replicate.to(remote, { batch_size: batchSize, checkpoint: 'source' }).then((r) => {
                photosMs = performance.now() - t0;
                return r;
              }),
            ]),
            limitMs,
            'ours',
          );
          const ms = performance.now() - t0;
          await replication.cancel();
          if (errors.length) throw new Error(`RxDB replication errors: ${String(errors[0])}`);
          if (pushed.doc_write_failures) throw new Error(`${pushed.doc_write_failures} photos refused`);
          const receiptsMs = await receiptsDone(s, nPhotos, t0, limitMs);
          await expectStored(s, nReports, nPhotos);
          const detail =
            `reports done at ${(reportsMs / 1000).toFixed(1)} s, photos at ${(photosMs / 1000).toFixed(1)} s. ` +
            `Photo requests: ${photoLog.summary()}. RxDB requests: ${rxLog.summary()}`;
          return { ms, receiptsMs, detail };
        } finally {
          await db.close();
        }
      };

      // (a) -------------------------------------------------------------------------------------------
      const native = async (s: BenchServer): Promise<Outcome> => {
        const reqLog = new RequestLog();
        const t0 = performance.now();
        const [r, p] = await timeout(
          Promise.all([
            reportsPouch.replicate.to(remoteDb(`${s.backendUrl}/reports`, s.adminAuth, reqLog)),
            vault.replicate.to(remoteDb(`${s.backendUrl}/photos`, s.adminAuth, reqLog)),
          ]),
          limitMs,
          '(a)',
        );
        const ms = performance.now() - t0;
        if (r.doc_write_failures || p.doc_write_failures) throw new Error('(a): write failures');
        const receiptsMs = await receiptsDone(s, nPhotos, t0, limitMs);
        await expectStored(s, nReports, nPhotos);
        return { ms, receiptsMs, detail: `requests: ${reqLog.summary()}` };
      };

      // (b) -------------------------------------------------------------------------------------------
      const floor = async (s: BenchServer): Promise<Outcome> => {
        const reqLog = new RequestLog();
        const t0 = performance.now();
        const putReports = async () => {
          const res = await reqLog.time('POST _bulk_docs', () =>
            s.admin('reports/_bulk_docs', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ docs: reports.map((r) => ({ ...r, _id: r.id })) }),
            }),
          );
          if (res.status !== 201) throw new Error(`(b) reports: ${res.status}`);
          await res.text();
        };
        let next = 0;
        const putPhotos = async () => {
          while (next < photos.length) {
            const p = photos[next++]!;
            const res = await reqLog.time('PUT attachment', () =>
              s.admin(`photos/${encodeURIComponent(p.id)}/photo.jpg`, {
                method: 'PUT',
                headers: { 'content-type': 'image/jpeg' },
                body: p.bytes as Uint8Array<ArrayBuffer>,
              }),
            );
            if (res.status !== 201) throw new Error(`(b) ${p.id}: ${res.status} ${await res.text()}`);
            await res.text();
          }
        };
        await timeout(Promise.all([putReports(), ...[1, 2, 3, 4].map(putPhotos)]), limitMs, '(b)');
        const ms = performance.now() - t0;
        await expectStored(s, nReports, nPhotos);
        return { ms, detail: `requests: ${reqLog.summary()}` };
      };

      // (b') ------------------------------------------------------------------------------------------
      // The same raw upload as the backend takes it fastest: photo docs inline (base64) in _bulk_docs of 20,
      // 2 requests at a time, plus the one _bulk_docs of reports. No revs_diff, no checkpoints.
      const floorBulk = async (s: BenchServer): Promise<Outcome> => {
        const reqLog = new RequestLog();
        const t0 = performance.now();
        const post = async (db: string, docs: unknown[]) => {
          const res = await reqLog.time(`POST ${db}/_bulk_docs`, () =>
            s.admin(`${db}/_bulk_docs`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ docs }),
            }),
          );
          if (res.status !== 201) throw new Error(`(b') ${db}: ${res.status}`);
          await res.text();
        };
        let next = 0;
        const postPhotos = async () => {
          while (next < photos.length) {
            const batch = photos.slice(next, next + 20);
            next += batch.length;
            await post(
              'photos',
              batch.map((p) => photoDoc(p, true)),
            );
          }
        };
        await timeout(
          Promise.all([
            post(
              'reports',
              reports.map((r) => ({ ...r, _id: r.id })),
            ),
            postPhotos(),
            postPhotos(),
          ]),
          limitMs,
          "(b')",
        );
        const ms = performance.now() - t0;
        await expectStored(s, nReports, nPhotos);
        return { ms, detail: `requests: ${reqLog.summary()}` };
      };

      const outcomes: Record<string, Outcome> = {};
      const micro: BenchRow[] = [];
      for (const [name, way] of [
        ['ours', (s: BenchServer) => ours(s, 1)],
        ['ours, photos batch_size 20', (s: BenchServer) => ours(s, 20)],
        ['(a)', native],
        ['(b)', floor],
        ["(b')", floorBulk],
      ] as const) {
        log(`sync: ${name} on a fresh server…`);
        const s = await startBenchServer();
        try {
          outcomes[name] = await way(s);
          const o = outcomes[name];
          log(
            `sync: ${name} ${(o.ms / 1000).toFixed(1)} s (${(totalMb / (o.ms / 1000)).toFixed(1)} MB/s)` +
              (o.receiptsMs ? `, all receipts at ${(o.receiptsMs / 1000).toFixed(1)} s` : '') +
              `; ${o.detail}`,
          );
          if (name === 'ours') micro.push(...(await roundTrips(s, log)));
        } finally {
          await s.close();
        }
      }
      const work = { amount: totalMb, unit: 'MB' };
      const oursMs = outcomes.ours!.ms;
      const what = `${nReports} reports + ${nPhotos} photos`;
      return [
        {
          figure: `backlog ${what}: ours (RxDB + PouchDB batch_size 1, gateway)`,
          medianMs: oursMs,
          peer: '(a) PouchDB native → backend',
          peerMedianMs: outcomes['(a)']!.ms,
          runs: 1,
          targetRatio: 1,
          work,
        },
        {
          figure: `backlog ${what}: ours`,
          medianMs: oursMs,
          peer: '(b) floor: PUT attachment ×4 + _bulk_docs',
          peerMedianMs: outcomes['(b)']!.ms,
          runs: 1,
          targetRatio: 2,
          work,
        },
        {
          figure: `backlog ${what}: ours`,
          medianMs: oursMs,
          peer: "(b') floor: _bulk_docs of 20 inline ×2",
          peerMedianMs: outcomes["(b')"]!.ms,
          runs: 1,
          targetRatio: 2,
          work,
        },
        {
          figure: `backlog ${what}: ours`,
          medianMs: oursMs,
          peer: 'ours with photos batch_size 20',
          peerMedianMs: outcomes['ours, photos batch_size 20']!.ms,
          runs: 1,
          work,
        },
        {
          figure: `backlog ${what}: ours, until all receipts`,
          medianMs: outcomes.ours!.receiptsMs!,
          peer: '(a), until all receipts',
          peerMedianMs: outcomes['(a)']!.receiptsMs!,
          runs: 1,
        },
        ...micro,
      ];
    } finally {
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

/**
 * One request of each kind a batch_size-1 photo push makes, through the gateway (as the officer) and
 * straight to the backend (as admin), alternating, on a server that already holds the backlog.
 */
async function roundTrips(s: BenchServer, log: (m: string) => void): Promise<BenchRow[]> {
  const RUNS = 15;
  const token = await s.token(OFFICER);
  const gw = (p: string, init: RequestInit = {}) =>
    fetch(`${s.url}/db/${p}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
    });
  const be = (p: string, init: RequestInit = {}) => s.admin(p, init);
  const json = { 'content-type': 'application/json' };
  const timed = async (call: () => Promise<Response>, ok: (status: number) => boolean, what: string) => {
    const t0 = performance.now();
    const res = await call();
    const text = await res.text();
    const ms = performance.now() - t0;
    if (!ok(res.status)) throw new Error(`${what}: ${res.status} ${text.slice(0, 200)}`);
    return ms;
  };
  const rows: BenchRow[] = [];
  const kinds: Array<{
    figure: string;
    call: (via: typeof gw, i: number, side: string) => Promise<Response>;
    ok: (status: number) => boolean;
  }> = [
    {
      figure: '1 photo _bulk_docs (~300 KB, new_edits=false)',
      call: (via, _i, _side) => {
        const p = makePhoto(300_000);
        const doc = { ...photoDoc(p, true), _rev: '1-' + crypto.randomBytes(16).toString('hex') };
        return via('photos/_bulk_docs', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ docs: [doc], new_edits: false }),
        });
      },
      ok: (st) => st === 201,
    },
    {
      figure: '_revs_diff of 1 photo',
      call: (via) =>
        via('photos/_revs_diff', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ [`photo:${'0'.repeat(64)}`]: ['1-abc'] }),
        }),
      ok: (st) => st === 200,
    },
    {
      figure: 'checkpoint PUT _local',
      call: (via, i, side) =>
        via(`photos/_local/bench-${side}-${i}`, {
          method: 'PUT',
          headers: json,
          body: JSON.stringify({ last_seq: i, session_id: 'x', history: [] }),
        }),
      ok: (st) => st === 201,
    },
  ];
  for (const kind of kinds) {
    const viaGateway: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const g = () => timed(() => kind.call(gw, i, 'g'), kind.ok, `gateway ${kind.figure}`);
      const b = () => timed(() => kind.call(be, i, 'b'), kind.ok, `backend ${kind.figure}`);
      // The first pair is a warm-up; the order alternates so neither side always goes first.
      let x: number;
      let y: number;
      if (i % 2) {
        x = await g();
        y = await b();
      } else {
        y = await b();
        x = await g();
      }
      if (i > 0) {
        viaGateway.push(x);
        direct.push(y);
      }
    }
    rows.push({
      figure: `round trip: ${kind.figure}, gateway`,
      medianMs: median(viaGateway),
      peer: 'straight to the backend as admin',
      peerMedianMs: median(direct),
      runs: RUNS,
    });
  }
  log(`sync: round trips measured (${RUNS} each side)`);
  return rows;
}
