import crypto from 'node:crypto';
import net from 'node:net';
import { createRxDatabase } from 'rxdb';
import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uploadPhotos, type UploadCandidate } from '../renderer/src/data/photos/photo-upload';
import { LINK_PROFILES, startFaultProxy, type FaultProxy } from '../sync-server/test/fault-proxy';
import {
  addUser,
  cleanup,
  externalCouch,
  liveBackend,
  login,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
} from '../sync-server/test/harness';
import { eventDoc, reportDoc, reportSchemaForTests } from '../sync-server/test/sync-fixtures';
import { PULL_BATCH_SIZE } from '../renderer/src/data/sync/pull-pages';

// Whatever the network does, every report and photo reaches the server exactly once, byte-identical (issue
// 10): 100 reports with 300 photos, sent the way the app sends them — RxDB's replication for the reports, the
// vault's raw-JPEG upload (renderer/src/data/photos/photo-upload.ts: ask which the server holds, then one PUT
// per photo, four in flight) — over a shaped 4g link that also cuts connections at random points, with a
// server restart in the middle. Runs in Node (no browser needed); it lives here because only e2e/ may drive
// the renderer's code. `scripts/fault-loop.mjs` runs it many times in a row.

const REGION = 'jakarta-pusat';
const SEED = Number(process.env.FAULT_SEED ?? 20200410);

function jpeg(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  const block = crypto.createHash('sha256').update(seed).digest();
  for (let i = 0; i < size; i += 32) block.copy(out, i, 0, Math.min(32, size - i));
  crypto.randomFillSync(out, 3, Math.min(64, size - 3));
  out.set([0xff, 0xd8, 0xff], 0);
  return out;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(Boolean(externalCouch))(
  'sync over a slow link that cuts connections, with a server restart',
  () => {
    let t: TestEnv;
    let server: TestServer;
    let proxy: FaultProxy;

    beforeEach(async () => {
      t = makeTestEnv({ PORT: String(await freePort()) });
      server = await startServer(t);
      await addUser(t, 'ani', 'officer', 'kata-sandi-ani', ['--team', 'regu-1', '--region', REGION]);
      proxy = await startFaultProxy(server.url, {
        cutProbability: 0.15,
        cutWithinBytes: 40_000,
        latencyMs: 0,
        seed: SEED,
        link: LINK_PROFILES['4g'],
      });
    });

    afterEach(async () => {
      await proxy?.close();
      await server?.stop();
      if (t) cleanup(t);
    });

    /** What the backend holds, counted as its admin. */
    async function count(db: string, prefix: string): Promise<number> {
      const qs = new URLSearchParams({
        startkey: JSON.stringify(prefix),
        endkey: JSON.stringify(prefix + '\ufff0'),
      });
      const res = await liveBackend(t).admin(`${(t.env.TERTIB_DB_PREFIX ?? '') + db}/_all_docs?${qs}`);
      return ((await res.json()) as { rows: unknown[] }).rows.length;
    }

    it('delivers 100 reports and 300 photos exactly once, byte-identical, with nothing left pending', async () => {
      // Logging in goes straight to the server; only sync traffic crosses the faulty link.
      const token = (await login(server.url, 'ani', 'kata-sandi-ani')).body.token as string;
      // As the app's sync fetch: the session's bearer token, and a deadline on every request, so a connection
      // that dies silently becomes an error that is retried, never a wait without end.
      const appFetch = (url: string | URL | Request, init?: RequestInit) =>
        fetch(url, {
          ...init,
          headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(20_000),
        });

      const db = await createRxDatabase({
        name: `faults-${crypto.randomUUID()}`,
        storage: getRxStorageMemory(),
      });
      const { reports } = await db.addCollections({ reports: { schema: reportSchemaForTests } });
      const photos: Array<UploadCandidate & { data: Buffer }> = [];
      for (let r = 0; r < 100; r++) {
        const list = [];
        for (let p = 0; p < 3; p++) {
          const data = jpeg(`r${r}p${p}`, 12_000 + ((r * 7 + p * 13) % 9) * 1000);
          const sha256 = crypto.createHash('sha256').update(data).digest('hex');
          photos.push({
            sha256,
            rev: '1-' + crypto.createHash('md5').update(sha256).digest('hex'),
            bytes: data.length,
            width: 1920,
            height: 1440,
            storedAt: new Date().toISOString(),
            data,
            jpeg: async () => new Blob([new Uint8Array(data)], { type: 'image/jpeg' }),
          });
          list.push({ sha256, bytes: data.length, width: 1920, height: 1440 });
        }
        await reports!.insert(reportDoc('ani', 'regu-1', REGION, { photos: list }));
      }

      const replication = replicateCouchDB({
        replicationIdentifier: 'faults-reports',
        collection: reports!,
        url: `${proxy.url}/db/reports/`,
        live: true,
        fetch: appFetch,
        pull: { batchSize: 50 },
        push: { batchSize: 20 },
        retryTime: 200,
      });

      // The engine's photo pass: ask, send what is missing; on any failure wait a moment and pass again.
      let passes = 0;
      const sendPhotos = async (): Promise<void> => {
        for (;;) {
          passes++;
          try {
            const out = await uploadPhotos(`${proxy.url}/db/photos`, appFetch, photos);
            if (out.refused > 0) throw new Error(`${out.refused} photos refused`);
            if (out.written + out.held === photos.length) return;
          } catch (err) {
            if (String(err).includes('refused')) throw err;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      };

      let phase = 'uploading';
      const stall = setInterval(() => {
        void count('photos', 'photo:').then((n) =>
          console.error(
            `sync-faults still in phase "${phase}": ${JSON.stringify(proxy.stats)}, ${n} photos stored`,
          ),
        );
      }, 60_000);
      try {
        const photosDone = sendPhotos();
        // Restart the server while both are under way; the proxy keeps pointing at the same port.
        await new Promise((r) => setTimeout(r, 2000));
        expect(await server.stop('SIGTERM')).toBe(0);
        server = await startServer(t);
        await photosDone;
        phase = 'reports in sync';
        await replication.awaitInSync();
        await replication.cancel();

        phase = 'checking the server';
        expect(proxy.stats.cut).toBeGreaterThan(5);
        expect(passes).toBeGreaterThan(1);
        expect(await count('reports', '')).toBe(100 + 1); // + the design document
        expect(await count('photos', 'photo:')).toBe(300);
        // Byte-identical: the receipt worker re-hashed every stored photo and wrote its receipt.
        phase = 'waiting for receipts';
        for (let waited = 0; (await count('photos', 'receipt:')) < 300 && waited < 60_000; waited += 250) {
          await new Promise((r) => setTimeout(r, 250));
        }
        expect(await count('photos', 'receipt:')).toBe(300);
        const sample = photos[137]!;
        const stored = await liveBackend(t).admin(
          `${(t.env.TERTIB_DB_PREFIX ?? '') + 'photos'}/${encodeURIComponent(`photo:${sample.sha256}`)}/photo.jpg`,
        );
        expect(Buffer.from(await stored.arrayBuffer()).equals(sample.data)).toBe(true);

        // Nothing pending: one more pass over a clean link sends nothing.
        phase = 'final pass';
        proxy.setFaults({ cutProbability: 0 });
        const final = await uploadPhotos(`${proxy.url}/db/photos`, appFetch, photos);
        // The question only: every photo held, none sent (a byte count here would also catch bytes of
        // earlier, cut uploads that the shaped link was still delivering).
        expect(final).toEqual({ written: 0, refused: 0, held: 300, refusals: [] });
      } finally {
        clearInterval(stall);
        await db.close();
      }
    });

    it("a first sync cut off at random points ends equal to the user's view, with no other team's report", async () => {
      // 2 400 reports of three teams and 600 events on them, already on the server (written as its admin).
      const backend = liveBackend(t);
      const teams = ['regu-1', 'regu-2', 'regu-3'];
      const all = Array.from({ length: 2400 }, (_, i) => reportDoc(`petugas${i % 6}`, teams[i % 3]!, REGION));
      const events = Array.from({ length: 600 }, (_, i) => {
        const r = all[(i * 7) % all.length]!;
        return eventDoc('commented', 'pengawas', 'supervisor', r, { text: `Catatan ${i}` });
      });
      for (const [name, docs] of [
        ['reports', all],
        ['events', events],
      ] as const) {
        for (let i = 0; i < docs.length; i += 600) {
          const res = await backend.admin(`${(t.env.TERTIB_DB_PREFIX ?? '') + name}/_bulk_docs`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ docs: docs.slice(i, i + 600).map((d) => ({ ...d, _id: d.id })) }),
          });
          expect(res.status).toBe(201);
        }
      }
      const token = (await login(server.url, 'ani', 'kata-sandi-ani')).body.token as string;
      const appFetch = (url: string | URL | Request, init?: RequestInit) =>
        fetch(url, {
          ...init,
          headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(20_000),
        });
      // Half the connections cut within their first 30 KB: inside the large compressed pages, too.
      proxy.setFaults({ cutProbability: 0.5, cutWithinBytes: 30_000 });
      const db = await createRxDatabase({
        name: `first-${crypto.randomUUID()}`,
        storage: getRxStorageMemory(),
      });
      try {
        const colls = await db.addCollections({
          reports: { schema: reportSchemaForTests },
          events: { schema: reportSchemaForTests },
        });
        const pulled = new Map<string, number>();
        for (const name of ['reports', 'events'] as const) {
          const replication = replicateCouchDB({
            replicationIdentifier: `first-${name}`,
            collection: colls[name]!,
            url: `${proxy.url}/db/${name}/`,
            live: false,
            fetch: appFetch,
            pull: { batchSize: PULL_BATCH_SIZE },
            retryTime: 100,
          });
          await replication.awaitInitialReplication();
          await replication.cancel();
          pulled.set(name, await colls[name]!.count().exec());
        }
        expect(proxy.stats.cut).toBeGreaterThan(0);
        // An officer of regu-1 reads regu-1's reports (their own among them) and the events on those.
        const mine = new Set<string>(all.filter((r) => r.team === 'regu-1').map((r) => r.id));
        const local = (await colls.reports!.find().exec()).map((d) => d.primary);
        expect(local.length).toBe(mine.size);
        expect(new Set(local)).toEqual(mine);
        const myEvents = new Set(events.filter((e) => mine.has(e.reportId)).map((e) => e.id));
        const localEvents = (await colls.events!.find().exec()).map((d) => d.primary);
        expect(new Set(localEvents)).toEqual(myEvents);
        expect(pulled.get('events')).toBe(myEvents.size);
      } finally {
        await db.close();
      }
    });
  },
);
