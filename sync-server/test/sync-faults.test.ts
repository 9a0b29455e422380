import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { createRxDatabase } from 'rxdb';
import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { addUser, cleanup, login, makeTestEnv, startServer, type TestEnv, type TestServer } from './harness';
import { bearerRemote, reportDoc, reportSchemaForTests } from './sync-fixtures';

// Whatever the network does, every report and photo reaches the server exactly once, byte-identical:
// 100 reports with 300 photos synced by the real replicators through a proxy that cuts connections at
// random points and adds latency, with a server restart in the middle.

type Vault = {
  put(doc: Record<string, unknown>): Promise<unknown>;
  replicate: {
    to(
      target: unknown,
      opts?: Record<string, unknown>,
    ): Promise<{ docs_written: number; doc_write_failures: number; status?: string }> & { cancel(): void };
  };
  close(): Promise<void>;
};
const Pouch = PouchDB as unknown as {
  new (name: string, opts?: Record<string, unknown>): Vault;
  fetch: (url: string, opts: { headers: { set(k: string, v: string): void } }) => Promise<unknown>;
};

function jpeg(seed: string, size: number): Buffer {
  const buf = crypto.createHash('sha256').update(seed).digest();
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 32) buf.copy(out, i, 0, Math.min(32, size - i));
  crypto.randomFillSync(out, 3, Math.min(64, size - 3));
  out[0] = 0xff;
  out[1] = 0xd8;
  out[2] = 0xff;
  return out;
}

async function adminCount(t: TestEnv, db: string, prefix: string): Promise<number> {
  const note = JSON.parse(fs.readFileSync(path.join(t.dataDir, 'server.json'), 'utf8')) as {
    backendUrl: string;
  };
  const admin = JSON.parse(fs.readFileSync(path.join(t.dataDir, 'embedded-admin.json'), 'utf8')) as {
    name: string;
    password: string;
  };
  const qs = new URLSearchParams({
    startkey: JSON.stringify(prefix),
    endkey: JSON.stringify(prefix + '\ufff0'),
  });
  const res = await fetch(`${note.backendUrl}/${(t.env.TERTIB_DB_PREFIX ?? '') + db}/_all_docs?${qs}`, {
    headers: { authorization: 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64') },
  });
  return ((await res.json()) as { rows: unknown[] }).rows.length;
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(Boolean(process.env.TEST_COUCHDB_URL))(
  'sync under network faults and a server restart',
  () => {
    let t: TestEnv;
    let server: TestServer;
    let proxy: FaultProxy;
    let dir: string;

    beforeEach(async () => {
      t = makeTestEnv({ PORT: String(await freePort()) });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-faults-'));
      server = await startServer(t);
      await addUser(t, 'ani', 'officer', 'kata-sandi-ani', ['--team', 'regu-1', '--region', 'jakarta-pusat']);
      proxy = await startFaultProxy(server.url, {
        cutProbability: 0.15,
        cutWithinBytes: 40_000,
        latencyMs: 2,
        seed: 20200410,
      });
    });

    afterEach(async () => {
      await proxy?.close();
      await server?.stop();
      if (t) cleanup(t);
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('delivers 100 reports and 300 photos exactly once, byte-identical, with nothing left pending', async () => {
      // Logging in goes straight to the server; only sync traffic crosses the faulty proxy.
      const token = (await login(server.url, 'ani', 'kata-sandi-ani')).body.token as string;
      const withBearer = (init?: RequestInit): RequestInit => ({
        ...init,
        headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${token}` },
      });

      const vault = new Pouch(path.join(dir, 'vault'));
      const db = await createRxDatabase({
        name: `faults-${crypto.randomUUID()}`,
        storage: getRxStorageMemory(),
      });
      const { reports } = await db.addCollections({ reports: { schema: reportSchemaForTests } });
      for (let r = 0; r < 100; r++) {
        const photos = [];
        for (let p = 0; p < 3; p++) {
          const bytes = jpeg(`r${r}p${p}`, 12_000 + ((r * 7 + p * 13) % 9) * 1000);
          const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
          await vault.put({
            _id: `photo:${sha256}`,
            type: 'photo',
            sha256,
            bytes: bytes.length,
            width: 1920,
            height: 1440,
            author: 'ani',
            storedAt: new Date().toISOString(),
            _attachments: { 'photo.jpg': { content_type: 'image/jpeg', data: bytes.toString('base64') } },
          });
          photos.push({ sha256, bytes: bytes.length, width: 1920, height: 1440 });
        }
        await reports!.insert(reportDoc('ani', 'regu-1', 'jakarta-pusat', { photos }));
      }

      const replication = replicateCouchDB({
        replicationIdentifier: 'faults-reports',
        collection: reports!,
        url: `${proxy.url}/db/reports/`,
        live: true,
        // Every request gets a deadline, as in the app: a connection that dies silently must become an
        // error RxDB retries, not a replication that waits forever.
        fetch: (url, init) => fetch(url, { ...withBearer(init), signal: AbortSignal.timeout(20_000) }),
        pull: { batchSize: 20 },
        push: { batchSize: 10 },
        retryTime: 200,
      });
      const remote = bearerRemote(Pouch, `${proxy.url}/db/photos`, token);
      // The app's sync loop: replicate one photo per batch; on any failure, or an attempt that stalls (a
      // request whose connection died silently), cancel, wait and go again.
      const pushPhotos = async (): Promise<number> => {
        let attempts = 0;
        for (;;) {
          attempts++;
          const rep = vault.replicate.to(remote, { batch_size: 1, retry: false });
          const watchdog = setTimeout(() => rep.cancel(), 20_000);
          try {
            const res = await rep;
            if (res.status === 'complete' && res.doc_write_failures === 0) return attempts;
          } catch {
            // cut connection: go again
          } finally {
            clearTimeout(watchdog);
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      };

      // Where the run stands, printed if it stalls: this scenario hung twice in ~20 runs on this machine with
      // the cause not yet found, so a stall must at least say where it was.
      let phase = 'uploading';
      const stallReport = setTimeout(() => {
        void adminCount(t, 'photos', 'photo:').then((photos) =>
          console.error(
            `sync-faults stalled in phase "${phase}": ${JSON.stringify(proxy.stats)}, ${photos} photos on the server`,
          ),
        );
      }, 100_000);
      const photosDone = pushPhotos();
      // Restart the server while both replications are under way; the proxy keeps pointing at the same port.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await server.stop('SIGTERM')).toBe(0);
      server = await startServer(t);
      const attempts = await photosDone;
      phase = 'reports in sync';
      await replication.awaitInSync();
      phase = 'checking the server';
      await replication.cancel();

      expect(proxy.stats.cut).toBeGreaterThan(5);
      expect(attempts).toBeGreaterThan(1);
      expect(await adminCount(t, 'reports', '')).toBe(100 + 1); // + the design document
      expect(await adminCount(t, 'photos', 'photo:')).toBe(300);
      // Every photo's bytes were checked against its sha256 by the gateway and again by the receipt worker.
      const deadline = Date.now() + 30_000;
      while ((await adminCount(t, 'photos', 'receipt:')) < 300 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(await adminCount(t, 'photos', 'receipt:')).toBe(300);
      // Nothing pending: one more pass over a clean network writes nothing.
      proxy.setFaults({ cutProbability: 0 });
      phase = 'final pass';
      const final = await vault.replicate.to(remote, { batch_size: 1 });
      clearTimeout(stallReport);
      expect(final.docs_written).toBe(0);
      await db.close();
      await vault.close();
      // Normally 20–35 s. One retry: see the stall note above; a real loss or duplicate fails both times.
    });
  },
);
