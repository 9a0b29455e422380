import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../domain/evidence/bundle-format';
import { canonicalJson } from '../../domain/evidence/canonical';
import { type CheckId, verifyBundle } from '../../domain/evidence/verify-bundle';
import {
  addUsersAndLogIn,
  logInAgain,
  api,
  cleanup,
  liveBackend,
  makeTestEnv,
  runCli,
  startServer,
  until,
  type TestEnv,
  type TestServer,
} from './harness';
import {
  chainFields,
  photoDocument,
  testDevice,
  testJpeg as jpeg,
  uploadPhoto,
  type TestDevice,
  type TestPhoto,
} from './evidence-fixtures';
import { verifyReceipt, type EvidenceReceipt, type ServerKeyInfo } from '../../domain/evidence/receipts';
import { eventDoc, reportDoc } from './sync-fixtures';

// A case from signed capture to a bundle that verifies offline, and every tampering the issue lists, each
// detected by the check it names (domain/evidence/verify-bundle.ts), through the real server.

type Files = Record<string, Uint8Array>;
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const jsonOf = <T>(files: Files, name: string) => JSON.parse(text(files[name]!)) as T;
const put = (files: Files, name: string, value: unknown) => ({
  ...files,
  [name]: new Uint8Array(Buffer.from(JSON.stringify(value, null, 2) + '\n')),
});

/** Rewrites the manifest to match the files, as a careful forger would. */
function reseal(files: Files): Files {
  const manifest = jsonOf<BundleManifest>(files, 'manifest.json');
  const names = Object.keys(files)
    .filter((n) => n !== 'manifest.json')
    .sort();
  manifest.files = names.map((name) => ({
    name,
    bytes: files[name]!.length,
    sha256: crypto.createHash('sha256').update(files[name]!).digest('hex'),
  }));
  return { ...files, 'manifest.json': new Uint8Array(Buffer.from(canonicalJson(manifest))) };
}

const failing = async (files: Files): Promise<CheckId[]> =>
  (await verifyBundle(files)).checks.filter((c) => c.status === 'fail').map((c) => c.id);

describe('case bundle and offline verifier', () => {
  let t: TestEnv;
  let server: TestServer;
  let tokens: Record<string, string>;
  let u: (name: string) => string;
  let ani: TestDevice;
  let sari: TestDevice;
  let caseId: string;
  let bundle: Files;
  let otherPhoto: TestPhoto;
  let firstCheckpoint: unknown;
  const base = () => ({ author: u('ani'), team: 'regu-1', region: 'jakarta-pusat' });

  const push = async (who: string, db: 'reports' | 'events', docs: Array<Record<string, unknown>>) => {
    const res = await api(server.url, 'POST', `/db/${db}/_bulk_docs`, {
      token: tokens[who]!,
      body: { docs: docs.map(({ id, ...rest }) => ({ _id: id, ...rest })) },
    });
    expect((res.body as unknown as Array<{ ok?: boolean }>).every((r) => r.ok)).toBe(true);
  };
  const backend = () => liveBackend(t);
  const photosDb = () => `${t.env.TERTIB_DB_PREFIX ?? ''}photos`;
  const evidenceDb = () => `${t.env.TERTIB_DB_PREFIX ?? ''}tertib_evidence`;
  const adminGet = async (db: string, id: string) => {
    const res = await backend().admin(`${db}/${encodeURIComponent(id)}`);
    return res.ok ? ((await res.json()) as Record<string, unknown>) : null;
  };
  /** Uploads the photo signed by ani's device for `reportId`, as the app does, and waits for its receipt. */
  const upload = async (photo: TestPhoto, reportId: string) => {
    const res = await uploadPhoto(
      server.url,
      tokens.ani!,
      photo,
      photoDocument(u('ani'), photo, reportId, ani),
    );
    expect(res.status).toBe(201);
    await until(
      async () => (await adminGet(photosDb(), `receipt:${photo.sha256}`)) !== null,
      'photo receipt',
    );
  };
  const fileReport = async (photo: TestPhoto) => {
    const unsigned = reportDoc(u('ani'), 'regu-1', 'jakarta-pusat', {
      schemaVersion: 2,
      // The device's clock is 3 hours behind: flagged in the case file, never refused.
      capturedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
      photos: [{ sha256: photo.sha256, bytes: photo.bytes.length, width: 64, height: 48 }],
    });
    await upload(photo, unsigned.id);
    const report = ani.sign(unsigned);
    await push('ani', 'reports', [report]);
    return report;
  };
  const download = async (id: string, who = 'sari') => {
    const res = await fetch(`${server.url}/api/cases/${id}/bundle`, {
      headers: { authorization: `Bearer ${tokens[who]!}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    return new Uint8Array(await res.arrayBuffer());
  };

  beforeAll(async () => {
    t = makeTestEnv({ TERTIB_CLOCK_LIMIT_MINUTES: '30' });
    u = (name) => t.userPrefix + name;
    server = await startServer(t);
    tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['sari', 'supervisor', ['--region', 'jakarta-pusat']],
      ['citra', 'admin', []],
      ['dodi', 'officer', ['--team', 'regu-2', '--region', 'jakarta-pusat']],
    ]);
    ani = testDevice(u('ani'));
    sari = testDevice(u('sari'));
    expect(await ani.register(server.url, tokens.ani!)).toBe(201);
    expect(await sari.register(server.url, tokens.sari!)).toBe(201);

    // An earlier case, bundled first: its checkpoint cannot include the case below.
    otherPhoto = await jpeg(60);
    const earlier = await fileReport(otherPhoto);
    await download(earlier.id);
    firstCheckpoint = (
      (await api(server.url, 'GET', '/api/evidence/checkpoints')).body.checkpoints as unknown[]
    )[0];

    const photo = await jpeg(1);
    const report = await fileReport(photo);
    caseId = report.id;
    const b = { id: report.id, ...base() };
    const verified = sari.sign(
      eventDoc('verified', u('sari'), 'supervisor', b, await chainFields(report, null)),
    );
    const disposed = sari.sign(
      eventDoc('disposed', u('sari'), 'supervisor', b, {
        unit: 'Regu 1',
        ...(await chainFields(report, verified)),
      }),
    );
    const comment = sari.sign(
      eventDoc('commented', u('sari'), 'supervisor', b, {
        text: 'Ditindak.',
        ...(await chainFields(report, disposed)),
      }),
    );
    await push('sari', 'events', [verified]);
    await push('sari', 'events', [disposed]);
    await push('sari', 'events', [comment]);
    // Revoked after the server received everything it signed: the bundle still verifies.
    const revoked = await api(server.url, 'POST', `/api/devices/${sari.id}/revoke`, {
      token: tokens.citra!,
      body: { reason: 'Diganti laptop baru' },
    });
    expect(revoked.status).toBe(200);
    // A revoke (lost/stolen) ends her sessions: she signs in on the new laptop.
    tokens.sari = await logInAgain(t, server, 'sari');
    bundle = unzipSync(await download(caseId));
  });

  afterAll(async () => {
    await server?.stop();
    cleanup(t);
  });

  it('publishes the server key and append-only checkpoints', async () => {
    const key = await api(server.url, 'GET', '/api/evidence/key');
    expect(key.status).toBe(200);
    expect(key.body.key).toMatchObject({ algorithm: 'Ed25519' });
    const list = (await api(server.url, 'GET', '/api/evidence/checkpoints')).body.checkpoints as Array<
      Record<string, unknown>
    >;
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list[0]).toEqual(firstCheckpoint);
    expect(list[1]!.prev).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(list[1]!.size)).toBeGreaterThan(Number(list[0]!.size));
  });

  it('holds everything the issue asks for, and an untouched bundle verifies, on the command line too', async () => {
    const names = Object.keys(bundle).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'report.json',
        'events.json',
        'receipts.json',
        'devices.json',
        'server-key.json',
        'checkpoint.json',
        'case-report.pdf',
      ]),
    );
    const report = jsonOf<{ photos: Array<{ sha256: string }> }>(bundle, 'report.json');
    const jpegBytes = bundle[`photos/${report.photos[0]!.sha256}.jpg`]!;
    expect(crypto.createHash('sha256').update(jpegBytes).digest('hex')).toBe(report.photos[0]!.sha256);
    expect(text(bundle['case-report.pdf']!.subarray(0, 5))).toBe('%PDF-');
    // The photo's document as ani's device signed it at capture, for this report.
    expect(jsonOf(bundle, `photos/${report.photos[0]!.sha256}.json`)).toMatchObject({
      sha256: report.photos[0]!.sha256,
      reportId: caseId,
      deviceId: ani.id,
      signature: expect.any(String),
    });

    const verdict = await verifyBundle(bundle);
    expect(verdict.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.checks.find((c) => c.id === 'clock')?.status).toBe('warn');

    const file = path.join(t.dataDir, 'berkas.zip');
    fs.writeFileSync(file, zipSync(bundle));
    const id = await runCli(t, ['verify', file]);
    expect(id.code, id.stdout + id.stderr).toBe(0);
    expect(id.stdout).toContain('✓ Tanda tangan perangkat pada laporan');
    expect(id.stdout).toContain('✓ Tanda tangan perangkat pada setiap dokumen foto');
    expect(id.stdout).toContain('Berkas SAH');
    const en = await runCli(t, ['verify', file, '--lang', 'en']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('✓ Event chain intact');
    expect(en.stdout).toContain('✓ Device signature on every photo document');

    const tampered = path.join(t.dataDir, 'berkas-diubah.zip');
    const events = jsonOf<Array<Record<string, unknown>>>(bundle, 'events.json');
    fs.writeFileSync(tampered, zipSync(reseal(put(bundle, 'events.json', [events[0], events[2]]))));
    const bad = await runCli(t, ['verify', tampered]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('✗ Rantai peristiwa utuh');
    expect(bad.stdout).toContain('Berkas TIDAK SAH');
  });

  /** The signature with one byte changed: decoded and re-encoded, since the last base64url character carries
   * padding bits that a decoder ignores (changing characters only could leave the bytes as they were). */
  const flipByte = (signature: string) => {
    const bytes = Buffer.from(signature, 'base64url');
    bytes[10] = bytes[10]! ^ 0x01;
    return bytes.toString('base64url');
  };

  it('detects each tampering, naming the check that fails', async () => {
    const report = jsonOf<Record<string, unknown> & { photos: Array<{ sha256: string }> }>(
      bundle,
      'report.json',
    );
    const events = jsonOf<Array<Record<string, unknown>>>(bundle, 'events.json');
    const photoName = `photos/${report.photos[0]!.sha256}.jpg`;

    const oneByte = new Uint8Array(bundle[photoName]!);
    const at = oneByte.length - 10;
    oneByte[at] = oneByte[at]! ^ 0x01;
    expect(await failing(reseal({ ...bundle, [photoName]: oneByte }))).toEqual(['photos']);
    expect(await failing({ ...bundle, [photoName]: oneByte })).toContain('manifest');

    expect(
      await failing(reseal(put(bundle, 'report.json', { ...report, description: 'Tidak ada pelanggaran.' }))),
    ).toEqual(expect.arrayContaining(['reportSignature']));
    expect(await failing(reseal(put(bundle, 'events.json', [events[0], events[2]])))).toEqual(['chain']);
    expect(await failing(reseal(put(bundle, 'events.json', [events[0], events[2], events[1]])))).toEqual([
      'chain',
    ]);

    const { [photoName]: _own, ...withoutOwn } = bundle;
    const fromOther = reseal({
      ...withoutOwn,
      [`photos/${otherPhoto.sha256}.jpg`]: new Uint8Array(otherPhoto.bytes),
    });
    expect(await failing(fromOther)).toEqual(['photos']);

    // The photo document: re-signed by another device (registered to someone else, or not at all), its
    // signature altered, its sha256 altered — each fails the photo document check alone.
    const photoDocName = `photos/${report.photos[0]!.sha256}.json`;
    const photoDoc = jsonOf<Record<string, unknown>>(bundle, photoDocName);
    const { signature: _sig, deviceId: _dev, ...photoContent } = photoDoc;
    const photoDocs = [
      sari.sign(photoContent),
      testDevice(u('ani')).sign(photoContent),
      { ...photoDoc, signature: flipByte(String(photoDoc.signature)) },
      { ...photoDoc, sha256: otherPhoto.sha256 },
    ];
    const photoVerdicts = await Promise.all(
      photoDocs.map(async (d) => (await verifyBundle(reseal(put(bundle, photoDocName, d)))).checks),
    );
    expect(photoVerdicts.map((checks) => checks.filter((c) => c.status === 'fail').map((c) => c.id))).toEqual(
      [['photoSignatures'], ['photoSignatures'], ['photoSignatures'], ['photoSignatures']],
    );
    expect(photoVerdicts.map((checks) => checks.find((c) => c.id === 'photoSignatures')!.detail)).toEqual([
      `${report.photos[0]!.sha256}: other-account`,
      `${report.photos[0]!.sha256}: unknown-device`,
      `${report.photos[0]!.sha256}: bad-signature`,
      `${report.photos[0]!.sha256}: sha256, bad-signature`,
    ]);

    const devices = jsonOf<Array<Record<string, unknown>>>(bundle, 'devices.json');
    const revokedEarly = devices.map((d) =>
      d.id === sari.id
        ? { ...d, revoked: { at: '2000-01-01T00:00:00.000Z', by: 'citra', reason: 'hilang' } }
        : d,
    );
    expect(await failing(reseal(put(bundle, 'devices.json', revokedEarly)))).toEqual(['revokedDevices']);

    const receipts = jsonOf<Array<Record<string, unknown>>>(bundle, 'receipts.json');
    const forged = receipts.map((r, i) => (i === 0 ? { ...r, receivedAt: '2000-01-01T00:00:00.000Z' } : r));
    expect(await failing(reseal(put(bundle, 'receipts.json', forged)))).toEqual(['receipts', 'checkpoint']);

    const manifest = jsonOf<BundleManifest>(bundle, 'manifest.json');
    manifest.files[0]!.sha256 = '0'.repeat(64);
    expect(
      await failing({ ...bundle, 'manifest.json': new Uint8Array(Buffer.from(JSON.stringify(manifest))) }),
    ).toEqual(['manifest']);

    const cp = jsonOf<{ checkpoint: unknown; proofs: unknown[] }>(bundle, 'checkpoint.json');
    expect(
      await failing(reseal(put(bundle, 'checkpoint.json', { ...cp, checkpoint: firstCheckpoint }))),
    ).toEqual(['checkpoint']);
    expect(await failing(reseal(put(bundle, 'checkpoint.json', { ...cp, proofs: [] })))).toEqual([
      'checkpoint',
    ]);
  });

  it('gives the bundle only to whoever may read the case', async () => {
    const other = await fetch(`${server.url}/api/cases/${caseId}/bundle`, {
      headers: { authorization: `Bearer ${tokens.dodi!}` },
    });
    expect(other.status).toBe(404);
    const anon = await fetch(`${server.url}/api/cases/${caseId}/bundle`);
    expect(anon.status).toBe(401);
    const author = await fetch(`${server.url}/api/cases/${caseId}/bundle`, {
      headers: { authorization: `Bearer ${tokens.ani!}` },
    });
    expect(author.status).toBe(200);
    await author.arrayBuffer();
  });

  it("signs a photo's receipt when the server has verified its bytes, before any bundle, once across a restart", async () => {
    const photo = await jpeg(120);
    const reportId = crypto.randomUUID();
    await upload(photo, reportId);
    const receipt = (await adminGet(evidenceDb(), `receipt:photo:${photo.sha256}`)) as
      (EvidenceReceipt & { _id: string; _rev: string }) | null;
    expect(receipt).toMatchObject({ kind: 'photo', docId: photo.sha256, hash: photo.sha256, reportId });
    const key = (await api(server.url, 'GET', '/api/evidence/key')).body.key as ServerKeyInfo;
    const { _id, _rev, ...signed } = receipt!;
    expect(await verifyReceipt(signed, key)).toBe(true);
    const vaultReceipt = await adminGet(photosDb(), `receipt:${photo.sha256}`);
    expect(vaultReceipt?.receivedAt).toBe(receipt!.receivedAt);

    // A crash after the signed receipt and before the vault's one (and before the worker saved its place):
    // the restarted worker goes over every photo again and writes the vault's receipt with the signed time.
    const remove = async (db: string, id: string) => {
      const doc = await adminGet(db, id);
      const res = await backend().admin(`${db}/${id}?rev=${String(doc?._rev)}`, { method: 'DELETE' });
      expect(res.ok).toBe(true);
    };
    // The running worker sees the receipt's deletion in its feed and saves its place after it: wait for that
    // before removing its place, or it would put its place back (seen on a 3-node CouchDB, where the feed lags).
    const placeRev = async () => (await adminGet(photosDb(), '_local/worker-photo-receipts'))?._rev ?? null;
    const placeBefore = await placeRev();
    await remove(photosDb(), `receipt:${photo.sha256}`);
    await until(async () => (await placeRev()) !== placeBefore, 'the worker to pass the deletion', 30_000);
    await remove(photosDb(), '_local/worker-photo-receipts');
    await server.stop();
    server = await startServer(t);
    await until(
      async () => (await adminGet(photosDb(), `receipt:${photo.sha256}`)) !== null,
      'receipt again',
      45_000, // a restart on a loaded machine: the server, its lease and the worker's catch-up
    ).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}; server log:\n${server.output()}`);
    });
    expect((await adminGet(photosDb(), `receipt:${photo.sha256}`))?.receivedAt).toBe(receipt!.receivedAt);
    const after = await adminGet(evidenceDb(), `receipt:photo:${photo.sha256}`);
    expect(after).toEqual(receipt);
    const all = await backend().admin(
      `${evidenceDb()}/_all_docs?startkey=${encodeURIComponent('"receipt:photo:"')}&endkey=${encodeURIComponent('"receipt:photo:\ufff0"')}`,
    );
    const ids = ((await all.json()) as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
    expect(ids.filter((id) => id.includes(photo.sha256))).toEqual([`receipt:photo:${photo.sha256}`]);
  });
});
