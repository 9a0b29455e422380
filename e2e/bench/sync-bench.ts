import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addRxPlugin, createRxDatabase, type RxJsonSchema } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { wrappedKeyEncryptionCryptoJsStorage } from 'rxdb/plugins/encryption-crypto-js';
import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { uploadPhotos, type UploadCandidate } from '../../renderer/src/data/photos/photo-upload';
import { EVENT_MIGRATIONS, EVENT_SCHEMA, REPORT_SCHEMA } from '../../renderer/src/data/db/schemas';
import { PULL_BATCH_SIZE } from '../../renderer/src/data/sync/pull-pages';
import { createSyncFetch } from '../../renderer/src/data/sync/sync-fetch';
import type { LinkProfile } from '../../sync-server/test/fault-proxy';
import { eventDoc, reportDoc, reportSchemaForTests } from '../../sync-server/test/sync-fixtures';
import type { BenchRow, BenchSection } from './bench-types';
import { countDocs, startBenchServer, type BenchServer } from './bench-server';
import { MB, benchLinks, countFor, floorMs, gzippedJsonBytes, shapedProxy } from './links';
import { Pouch, remoteDb } from './pouch';

// The app's events schema is at version 1: RxDB wants its migration plugin to open it.
addRxPlugin(RxDBMigrationSchemaPlugin);

// Sync over each bench link (loopback, 3g; links.ts), every figure beside PouchDB's native replication of
// the same data over the same shaped link, and beside the floor: the bytes that must cross (JPEGs as they
// are, JSON gzip-compressed) at the link's rate, plus one round trip. Each way runs on its own fresh server
// behind its own shaped proxy (in front of the gateway for ours, of the backend for native), which also
// counts the bytes that crossed.
//
//   backlog     an officer comes back online with N reports and 3N photos (~300 KB, incompressible):
//               ours  = the app's code paths in Node: RxDB push through createSyncFetch (gzip bodies), then
//                       the vault upload (photo-upload.ts: ask, then raw PUTs, 4 in flight);
//               native = PouchDB replicate.to of the same reports and photo docs, straight to the backend.
//   first sync  a supervisor pulls N reports + 0.15 N events of their region into an empty database:
//               ours  = RxDB replicateCouchDB pull (pages of PULL_BATCH_SIZE, as the app) through the gateway;
//               native = PouchDB replicate.from straight from the backend into LevelDB.
//               Also with the app's own schemas, encrypted at rest (RxDB encryption-crypto-js, issue 13)
//               beside the same without encryption, same run.
//               (The Chromium version with the review index is the `review` section, loopback only.)

const OFFICER = 'ani';
const SUPERVISOR = 'budi';
const REGION = 'jakarta-pusat';

interface Photo {
  sha256: string;
  bytes: Buffer;
  rev: string;
}

function makePhoto(size: number): Photo {
  const bytes = crypto.randomBytes(size);
  bytes[0] = 0xff;
  bytes[1] = 0xd8;
  bytes[2] = 0xff;
  return {
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    bytes,
    rev: '1-' + crypto.randomBytes(16).toString('hex'),
  };
}

function photoDoc(p: Photo) {
  return {
    _id: `photo:${p.sha256}`,
    _rev: p.rev,
    type: 'photo',
    sha256: p.sha256,
    bytes: p.bytes.length,
    width: 1920,
    height: 1440,
    contentType: 'image/jpeg',
    author: OFFICER,
    storedAt: '2020-04-10T08:00:00.000Z',
    _attachments: { 'photo.jpg': { content_type: 'image/jpeg', data: p.bytes.toString('base64') } },
  };
}

/** The app's sync fetch (gzip request bodies, typed errors) with a bearer token, as Node's fetch. */
function appFetch(token: string) {
  return createSyncFetch(
    (url, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(url, { ...init, headers });
    },
    {
      onUnauthorized: () => {
        throw new Error('401 in a bench');
      },
    },
  );
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

interface Measured {
  ms: number;
  wireBytes: number;
  /** Bytes that crossed during the photo phase alone (ours only). */
  photoWireBytes?: number;
  detail?: string;
}

const fmtMb = (b: number) => `${(b / MB).toFixed(1)} MB`;

async function backlog(link: LinkProfile, dir: string, log: (m: string) => void): Promise<BenchRow[]> {
  const nReports = countFor(link, 200, 10, 2);
  const photos = Array.from({ length: nReports * 3 }, (_, i) => makePhoto(280_000 + ((i * 7919) % 40_000)));
  const reports = Array.from({ length: nReports }, (_, r) =>
    reportDoc(OFFICER, 'regu-1', REGION, {
      photos: photos.slice(r * 3, r * 3 + 3).map((p) => ({
        sha256: p.sha256,
        bytes: p.bytes.length,
        width: 1920,
        height: 1440,
      })),
    }),
  );
  const jpegBytes = photos.reduce((n, p) => n + p.bytes.length, 0);
  const reportGz = gzippedJsonBytes(reports);
  const floor = floorMs(link, jpegBytes + reportGz, 0);
  const limitMs = Math.max(300_000, floor * 4);
  const what = `backlog ${nReports} reports + ${photos.length} photos (${fmtMb(jpegBytes)}), ${link.name}`;
  log(`sync: ${what}: floor ${(floor / 1000).toFixed(1)} s`);

  const vault = new Pouch(path.join(dir, `vault-${link.name}`));
  const reportsPouch = new Pouch(path.join(dir, `reports-${link.name}`));
  try {
    for (let i = 0; i < photos.length; i += 50)
      await vault.bulkDocs(photos.slice(i, i + 50).map(photoDoc), { new_edits: false });
    await reportsPouch.bulkDocs(reports.map((r) => ({ ...r, _id: r.id })));

    const ours = async (s: BenchServer): Promise<Measured> => {
      await s.addUser(OFFICER, 'officer', ['--team', 'regu-1', '--region', REGION]);
      const token = await s.token(OFFICER);
      const proxy = await shapedProxy(s.url, link);
      const db = await createRxDatabase({
        name: `bench-${crypto.randomBytes(4).toString('hex')}`,
        storage: getRxStorageMemory(),
      });
      try {
        const { reports: coll } = await db.addCollections({ reports: { schema: reportSchemaForTests } });
        await coll!.bulkInsert(reports);
        const f = appFetch(token);
        const t0 = performance.now();
        // As the engine does: reports first (supervisors can start reviewing), then the photos.
        const replication = replicateCouchDB({
          replicationIdentifier: 'bench-backlog',
          collection: coll!,
          url: `${proxy.url}/db/reports/`,
          live: false,
          fetch: f,
          pull: { batchSize: PULL_BATCH_SIZE },
          push: { batchSize: 20 },
          retryTime: 500,
        });
        await timeout(replication.awaitInitialReplication(), limitMs, 'ours: reports');
        await replication.cancel();
        const reportsMs = performance.now() - t0;
        const beforePhotos = proxy.stats.bytesUp + proxy.stats.bytesDown;
        const candidates: UploadCandidate[] = photos.map((p) => ({
          sha256: p.sha256,
          rev: p.rev,
          bytes: p.bytes.length,
          width: 1920,
          height: 1440,
          storedAt: '2020-04-10T08:00:00.000Z',
          jpeg: () => Promise.resolve(new Blob([p.bytes as Uint8Array<ArrayBuffer>])),
        }));
        const out = await timeout(
          uploadPhotos(`${proxy.url}/db/photos`, f, candidates),
          limitMs,
          'ours: photos',
        );
        const ms = performance.now() - t0;
        if (out.refused) throw new Error(`ours: ${out.refused} photos refused`);
        const wireBytes = proxy.stats.bytesUp + proxy.stats.bytesDown;
        await expectStored(s, nReports, photos.length);
        return {
          ms,
          wireBytes,
          photoWireBytes: wireBytes - beforePhotos,
          detail: `reports done at ${(reportsMs / 1000).toFixed(1)} s`,
        };
      } finally {
        await db.close();
        await proxy.close();
      }
    };

    const native = async (s: BenchServer): Promise<Measured> => {
      const proxy = await shapedProxy(s.backendUrl, link);
      try {
        const t0 = performance.now();
        const [r, p] = await timeout(
          Promise.all([
            reportsPouch.replicate.to(remoteDb(`${proxy.url}/reports`, s.adminAuth)),
            vault.replicate.to(remoteDb(`${proxy.url}/photos`, s.adminAuth)),
          ]),
          limitMs,
          'native',
        );
        const ms = performance.now() - t0;
        if (r.doc_write_failures || p.doc_write_failures) throw new Error('native: write failures');
        await expectStored(s, nReports, photos.length);
        return { ms, wireBytes: proxy.stats.bytesUp + proxy.stats.bytesDown };
      } finally {
        await proxy.close();
      }
    };

    const o = await onFreshServer(ours);
    const n = await onFreshServer(native);
    log(
      `sync: ${what}: ours ${(o.ms / 1000).toFixed(1)} s (${o.detail ?? ''}), ${fmtMb(o.wireBytes)} on the wire; ` +
        `native ${(n.ms / 1000).toFixed(1)} s, ${fmtMb(n.wireBytes)}`,
    );
    const shaped = link.name !== 'loopback';
    return [
      {
        figure: `${what}: ours`,
        medianMs: o.ms,
        peer: 'PouchDB native → backend',
        peerMedianMs: n.ms,
        runs: 1,
        targetRatio: shaped ? 0.8 : 1,
        work: { amount: jpegBytes / MB, unit: 'MB' },
      },
      {
        figure: `${what}: ours`,
        medianMs: o.ms,
        peer: 'floor: JPEGs + gzip(reports) / uplink + RTT',
        peerMedianMs: floor,
        runs: 1,
        ...(shaped ? { targetRatio: 1.2 } : {}),
      },
      {
        figure: `${what}: bytes on the wire per photo, ours`,
        medianMs: o.photoWireBytes!,
        unit: 'B',
        peer: 'JPEG bytes',
        peerMedianMs: jpegBytes,
        runs: 1,
        targetRatio: 1.05,
        note: `native moved ${(n.wireBytes / (jpegBytes + reportGz)).toFixed(2)}× the JPEGs + compressed reports, ours ${(o.wireBytes / (jpegBytes + reportGz)).toFixed(2)}×`,
      },
    ];
  } finally {
    await vault.close();
    await reportsPouch.close();
  }
}

async function firstSync(link: LinkProfile, dir: string, log: (m: string) => void): Promise<BenchRow[]> {
  const nReports = countFor(link, 5000, 1000, 20);
  const nEvents = Math.round(nReports * 0.15);
  const reports = Array.from({ length: nReports }, (_, i) =>
    reportDoc(`petugas${i % 3}`, i % 2 ? 'regu-1' : 'regu-2', REGION),
  );
  const events = Array.from({ length: nEvents }, (_, i) => {
    const r = reports[(i * 7) % nReports]!;
    return eventDoc('comment', SUPERVISOR, 'supervisor', r, { text: `Catatan ${i}` });
  });
  const docsGz = gzippedJsonBytes(reports) + gzippedJsonBytes(events);
  const floor = floorMs(link, 0, docsGz);
  const limitMs = Math.max(300_000, floor * 6);
  const what = `first sync ${nReports} reports + ${nEvents} events, ${link.name}`;
  log(`sync: ${what}: floor ${(floor / 1000).toFixed(1)} s`);

  const seed = async (s: BenchServer) => {
    for (const [db, docs] of [
      ['reports', reports],
      ['events', events],
    ] as const) {
      for (let i = 0; i < docs.length; i += 1000) {
        const res = await s.admin(`${db}/_bulk_docs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ docs: docs.slice(i, i + 1000).map((d) => ({ ...d, _id: d.id })) }),
        });
        if (res.status !== 201) throw new Error(`seeding ${db}: ${res.status}`);
        await res.text();
      }
    }
  };

  /** `test`: a minimal schema; `app` / `app-encrypted`: the app's schemas, without / with encryption. */
  const ours = async (
    s: BenchServer,
    schemas: 'test' | 'app' | 'app-encrypted' = 'test',
  ): Promise<Measured> => {
    await seed(s);
    await s.addUser(SUPERVISOR, 'supervisor', ['--region', REGION]);
    const token = await s.token(SUPERVISOR);
    const proxy = await shapedProxy(s.url, link);
    const plain = <T>(schema: RxJsonSchema<T>): RxJsonSchema<T> => {
      const { encrypted: _encrypted, ...rest } = schema;
      return rest as RxJsonSchema<T>;
    };
    const db = await createRxDatabase({
      name: `bench-${crypto.randomBytes(4).toString('hex')}`,
      storage:
        schemas === 'app-encrypted'
          ? wrappedKeyEncryptionCryptoJsStorage({ storage: getRxStorageMemory() })
          : getRxStorageMemory(),
      ...(schemas === 'app-encrypted' ? { password: crypto.randomBytes(32).toString('hex') } : {}),
    });
    try {
      const colls = await db.addCollections(
        schemas === 'test'
          ? { reports: { schema: reportSchemaForTests }, events: { schema: reportSchemaForTests } }
          : schemas === 'app'
            ? {
                reports: { schema: plain(REPORT_SCHEMA) },
                events: { schema: plain(EVENT_SCHEMA), migrationStrategies: EVENT_MIGRATIONS },
              }
            : {
                reports: { schema: REPORT_SCHEMA },
                events: { schema: EVENT_SCHEMA, migrationStrategies: EVENT_MIGRATIONS },
              },
      );
      const f = appFetch(token);
      const t0 = performance.now();
      const pull = (name: 'reports' | 'events') => {
        const rep = replicateCouchDB({
          replicationIdentifier: `bench-first-${name}`,
          collection: colls[name]!,
          url: `${proxy.url}/db/${name}/`,
          live: false,
          fetch: f,
          pull: { batchSize: PULL_BATCH_SIZE },
          retryTime: 500,
        });
        return rep.awaitInitialReplication().then(() => rep.cancel());
      };
      await timeout(Promise.all([pull('reports'), pull('events')]), limitMs, 'ours: first sync');
      const ms = performance.now() - t0;
      const got = (await colls.reports!.count().exec()) + (await colls.events!.count().exec());
      if (got !== nReports + nEvents) throw new Error(`ours: pulled ${got} of ${nReports + nEvents}`);
      return { ms, wireBytes: proxy.stats.bytesUp + proxy.stats.bytesDown };
    } finally {
      await db.close();
      await proxy.close();
    }
  };

  const native = async (s: BenchServer): Promise<Measured> => {
    await seed(s);
    const proxy = await shapedProxy(s.backendUrl, link);
    const local = ['reports', 'events'].map((n) => new Pouch(path.join(dir, `first-${link.name}-${n}`)));
    try {
      const t0 = performance.now();
      const results = await timeout(
        Promise.all(
          (['reports', 'events'] as const).map((n, i) =>
            local[i]!.replicate.from(remoteDb(`${proxy.url}/${n}`, s.adminAuth)),
          ),
        ),
        limitMs,
        'native: first sync',
      );
      const ms = performance.now() - t0;
      // + the design documents, which the backend's admin replicates too.
      const got = results.reduce((sum, r) => sum + r.docs_written, 0);
      if (got < nReports + nEvents) throw new Error(`native: pulled ${got} of ${nReports + nEvents}`);
      return { ms, wireBytes: proxy.stats.bytesUp + proxy.stats.bytesDown };
    } finally {
      for (const l of local) await l.close();
      await proxy.close();
    }
  };

  const o = await onFreshServer((s) => ours(s));
  const n = await onFreshServer(native);
  const appPlain = await onFreshServer((s) => ours(s, 'app'));
  const appEncrypted = await onFreshServer((s) => ours(s, 'app-encrypted'));
  log(
    `sync: ${what}: ours ${(o.ms / 1000).toFixed(1)} s, ${fmtMb(o.wireBytes)} on the wire; ` +
      `native ${(n.ms / 1000).toFixed(1)} s, ${fmtMb(n.wireBytes)}; app schemas ` +
      `${(appPlain.ms / 1000).toFixed(1)} s plain, ${(appEncrypted.ms / 1000).toFixed(1)} s encrypted`,
  );
  const shaped = link.name !== 'loopback';
  return [
    {
      figure: `${what}: the app's schemas, encrypted at rest`,
      medianMs: appEncrypted.ms,
      peer: 'the same, unencrypted',
      peerMedianMs: appPlain.ms,
      runs: 1,
      work: { amount: nReports + nEvents, unit: 'docs' },
    },
    {
      figure: `${what}: ours (RxDB pull, pages of ${PULL_BATCH_SIZE})`,
      medianMs: o.ms,
      peer: 'PouchDB native ← backend',
      peerMedianMs: n.ms,
      runs: 1,
      targetRatio: shaped ? 0.5 : 1,
      work: { amount: nReports + nEvents, unit: 'docs' },
    },
    {
      figure: `${what}: ours`,
      medianMs: o.ms,
      peer: 'floor: gzip(docs) / downlink + RTT',
      peerMedianMs: floor,
      runs: 1,
    },
    {
      figure: `${what}: bytes on the wire, ours`,
      medianMs: o.wireBytes,
      unit: 'B',
      peer: 'PouchDB native',
      peerMedianMs: n.wireBytes,
      runs: 1,
      targetRatio: 0.4,
    },
  ];
}

async function onFreshServer<T>(way: (s: BenchServer) => Promise<T>): Promise<T> {
  const s = await startBenchServer();
  try {
    return await way(s);
  } finally {
    await s.close();
  }
}

async function expectStored(s: BenchServer, reports: number, photos: number): Promise<void> {
  const r = (await countDocs(s, 'reports', '')) - 1; // the design document
  const p = await countDocs(s, 'photos', 'photo:');
  if (r !== reports || p !== photos)
    throw new Error(`server holds ${r}/${reports} reports and ${p}/${photos} photos`);
}

export const syncBench: BenchSection = {
  name: 'sync',
  async run({ log }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-bench-sync-'));
    const rows: BenchRow[] = [];
    try {
      for (const link of benchLinks()) {
        rows.push(...(await backlog(link, dir, log)));
        rows.push(...(await firstSync(link, dir, log)));
      }
      return rows;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
