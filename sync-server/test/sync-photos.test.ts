import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUsersAndLogIn,
  api,
  cleanup,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
  liveBackend,
  until,
} from './harness';
import { dbNames } from '../src/couch';
import { bearerRemote, eventDoc, fakeJpeg, photoDoc, reportDoc } from './sync-fixtures';

// PouchDB's native replication (what the app's photo vault uses) pushing photos through the gateway, the
// receipt worker, and supervisors fetching photos on demand.

interface Vault {
  put(doc: Record<string, unknown>): Promise<unknown>;
  get(id: string): Promise<Record<string, unknown>>;
  allDocs(opts: Record<string, unknown>): Promise<{ rows: Array<{ id: string }> }>;
  replicate: {
    to(
      target: unknown,
      opts?: Record<string, unknown>,
    ): Promise<{ docs_written: number; doc_write_failures: number }> & {
      on(event: string, fn: (x: unknown) => void): unknown;
    };
    from(source: unknown, opts?: Record<string, unknown>): Promise<{ docs_written: number }>;
  };
  close(): Promise<void>;
}
const Pouch = PouchDB as unknown as {
  new (name: string, opts?: Record<string, unknown>): Vault;
  fetch: (url: string, opts: { headers: { set(k: string, v: string): void } }) => Promise<unknown>;
};

describe('photo sync through the gateway', () => {
  let t: TestEnv;
  let server: TestServer;
  let dir: string;
  const tokens: Record<string, string> = {};
  const u = (n: string) => t.userPrefix + n;

  const remote = (token: string) => bearerRemote(Pouch, `${server.url}/db/photos`, token);

  beforeAll(async () => {
    t = makeTestEnv();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-vault-'));
    server = await startServer(t);
    const people: Array<[string, string, string[]]> = [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['dodi', 'officer', ['--team', 'regu-2', '--region', 'jakarta-pusat']],
      ['budi', 'supervisor', ['--region', 'jakarta-pusat']],
      ['sari', 'supervisor', ['--region', 'jakarta-utara']],
    ];
    Object.assign(tokens, await addUsersAndLogIn(t, server, people));
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uploads photos one per batch, byte-identical, and brings the receipts back to the vault', async () => {
    const vault = new Pouch(path.join(dir, 'ani'));
    const photos = [1, 2, 3].map((i) => fakeJpeg(`ani-${i}`));
    for (const bytes of photos) await vault.put(photoDoc(u('ani'), bytes));
    const pushed = await vault.replicate.to(remote(tokens.ani!), { batch_size: 1 });
    expect(pushed.docs_written).toBe(3);
    expect(pushed.doc_write_failures).toBe(0);

    // The receipts arrive by pulling from the same database.
    const deadline = Date.now() + 20_000;
    let receipts: string[] = [];
    while (Date.now() < deadline) {
      await vault.replicate.from(remote(tokens.ani!), { batch_size: 50 });
      receipts = (await vault.allDocs({ startkey: 'receipt:', endkey: 'receipt:\ufff0' })).rows.map(
        (r) => r.id,
      );
      if (receipts.length === 3) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(receipts.sort()).toEqual(
      photos.map((b) => `receipt:${crypto.createHash('sha256').update(b).digest('hex')}`).sort(),
    );
    const receipt = await vault.get(receipts[0]!);
    expect(receipt).toMatchObject({ type: 'receipt', author: u('ani') });

    // Pushing again changes nothing (content-addressed, idempotent).
    const again = await vault.replicate.to(remote(tokens.ani!), { batch_size: 1 });
    expect(again.doc_write_failures).toBe(0);
    await vault.close();
  });

  it('refuses a photo whose bytes do not match its sha256, and stores nothing', async () => {
    const vault = new Pouch(path.join(dir, 'ani-bad'));
    const bytes = fakeJpeg('tampered');
    const lie = crypto.createHash('sha256').update('something else').digest('hex');
    await vault.put(photoDoc(u('ani'), bytes, lie));
    const denied: unknown[] = [];
    const rep = vault.replicate.to(remote(tokens.ani!), { batch_size: 1 });
    rep.on('denied', (e) => denied.push(e));
    const result = await rep;
    expect(result.doc_write_failures).toBe(1);
    expect(JSON.stringify(denied)).toMatch(/do not match its sha256/);
    const onServer = await api(server.url, 'GET', `/db/photos/photo:${lie}`, { token: tokens.ani });
    expect(onServer.status).toBe(404);
    await vault.close();
  });

  it('lets a supervisor of the region fetch a photo on demand, and no one else', async () => {
    const bytes = fakeJpeg('evidence', 80_000);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const vault = new Pouch(path.join(dir, 'ani-2'));
    await vault.put(photoDoc(u('ani'), bytes));
    await vault.replicate.to(remote(tokens.ani!), { batch_size: 1 });
    await vault.close();
    const report = reportDoc(u('ani'), 'regu-1', 'jakarta-pusat', {
      photos: [{ sha256: sha, bytes: bytes.length, width: 1920, height: 1440 }],
    });
    const push = await api(server.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.ani,
      body: { docs: [{ ...report, _id: report.id }] },
    });
    expect((push.body as unknown as Array<{ ok?: boolean }>)[0]?.ok).toBe(true);

    const fetchAs = (who: string, name = 'photo.jpg') =>
      fetch(`${server.url}/db/photos/photo:${sha}/${name}`, {
        headers: { authorization: `Bearer ${tokens[who]}` },
      });
    const asSupervisor = await fetchAs('budi');
    expect(asSupervisor.status).toBe(200);
    expect(Buffer.from(await asSupervisor.arrayBuffer()).equals(bytes)).toBe(true);
    // These bytes only look like a JPEG: no server thumbnail can be made, so the device's stands in, uncached.
    const standIn = await fetchAs('budi', 'thumb.jpg');
    expect(standIn.status).toBe(200);
    expect(standIn.headers.get('cache-control')).toBe('private, no-cache');
    expect((await fetchAs('ani')).status).toBe(200);
    expect((await fetchAs('sari')).status).toBe(404);
    expect((await fetchAs('dodi')).status).toBe(404);
    // Supervisors do not receive photos through replication.
    const changes = await api(server.url, 'GET', '/db/photos/_changes?since=0', { token: tokens.budi });
    expect(changes.body.results).toEqual([]);
  });

  it("lets the report's author and region fetch a closing event's after-photo, uploaded after the event", async () => {
    const report = reportDoc(u('ani'), 'regu-1', 'jakarta-pusat');
    const filed = await api(server.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.ani,
      body: { docs: [{ ...report, _id: report.id }] },
    });
    expect((filed.body as unknown as Array<{ ok?: boolean }>)[0]?.ok).toBe(true);
    const after = fakeJpeg('after-photo', 60_000);
    const sha = crypto.createHash('sha256').update(after).digest('hex');
    // Someone else's photo, named in the same event: naming a sha256 must not open it.
    const foreign = fakeJpeg('sari-private', 40_000);
    const foreignSha = crypto.createHash('sha256').update(foreign).digest('hex');
    const photo = (s: string, bytes: Buffer) => ({
      sha256: s,
      bytes: bytes.length,
      width: 1920,
      height: 1440,
    });
    const closing = eventDoc('status-changed', u('budi'), 'supervisor', report, {
      from: 'dikerjakan',
      to: 'selesai',
      note: 'Lapak dibongkar.',
      photos: [photo(sha, after), photo(foreignSha, foreign)],
    });
    // The event first, its photo later (a slow upload): the gateway stores the event without the photo.
    const written = await api(server.url, 'POST', '/db/events/_bulk_docs', {
      token: tokens.budi,
      body: { docs: [{ ...closing, _id: closing.id }] },
    });
    expect((written.body as unknown as Array<{ ok?: boolean }>)[0]?.ok).toBe(true);
    const fetchAs = (who: string, s = sha) =>
      fetch(`${server.url}/db/photos/photo:${s}/photo.jpg`, {
        headers: { authorization: `Bearer ${tokens[who]}` },
      });
    expect((await fetchAs('ani')).status).toBe(404);

    for (const [who, bytes] of [
      ['budi', after],
      ['sari', foreign],
    ] as const) {
      const vault = new Pouch(path.join(dir, `after-${who}`));
      await vault.put(photoDoc(u(who), bytes));
      expect((await vault.replicate.to(remote(tokens[who]!), { batch_size: 1 })).docs_written).toBe(1);
      await vault.close();
    }
    const asAuthor = await fetchAs('ani');
    expect(asAuthor.status).toBe(200);
    expect(Buffer.from(await asAuthor.arrayBuffer()).equals(after)).toBe(true);
    expect((await fetchAs('budi')).status).toBe(200);
    expect((await fetchAs('dodi')).status).toBe(404);
    expect((await fetchAs('sari')).status).toBe(404);
    expect((await fetchAs('ani', foreignSha)).status).toBe(404);
    expect((await fetchAs('budi', foreignSha)).status).toBe(404);
    expect((await fetchAs('sari', foreignSha)).status).toBe(200);
  });

  it("serves reviewers the thumbnail the server made from the verified photo, not the device's", async () => {
    // A real picture, and a "thumbnail" that shows something else: nothing but the server's check proves
    // that a device's thumbnail is of its photo.
    const bytes = await sharp({
      create: { width: 1200, height: 900, channels: 3, background: { r: 20, g: 120, b: 40 } },
    })
      .jpeg({ quality: 80 })
      .toBuffer();
    const lying = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#ff0000' } })
      .jpeg()
      .toBuffer();
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const doc = photoDoc(u('ani'), bytes);
    doc._attachments['thumb.jpg'] = { content_type: 'image/jpeg', data: lying.toString('base64') };
    const vault = new Pouch(path.join(dir, 'ani-thumb'));
    await vault.put(doc);
    await vault.replicate.to(remote(tokens.ani!), { batch_size: 1 });
    await until(
      async () =>
        (await api(server.url, 'GET', `/db/photos/receipt:${sha}`, { token: tokens.ani })).status === 200,
      'receipt',
    );
    await vault.close();
    const report = reportDoc(u('ani'), 'regu-1', 'jakarta-pusat', {
      photos: [{ sha256: sha, bytes: bytes.length, width: 1200, height: 900 }],
    });
    await api(server.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.ani,
      body: { docs: [{ ...report, _id: report.id }] },
    });
    const thumb = await fetch(`${server.url}/db/photos/photo:${sha}/thumb.jpg`, {
      headers: { authorization: `Bearer ${tokens.budi}` },
    });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('cache-control')).toContain('immutable');
    const served = Buffer.from(await thumb.arrayBuffer());
    expect(served.equals(lying)).toBe(false);
    const meta = await sharp(served).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 240]);
    // Green like the photo, not red like the device's claim.
    const { dominant } = await sharp(served).stats();
    expect(dominant.g).toBeGreaterThan(dominant.r);
  });

  it('retries a receipt the backend refused until it can write it, without a restart', async () => {
    const names = dbNames(t.env.TERTIB_DB_PREFIX ?? '');
    const backend = liveBackend(t);
    // The photos database refuses receipts for a while (validate_doc_update runs for admins too).
    const blocker = await backend.admin(`${names.photos}/_design/blocked`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        validate_doc_update:
          "function (doc) { if (doc.type === 'receipt') { throw({ forbidden: 'receipts blocked by the test' }); } }",
      }),
    });
    expect(blocker.status).toBe(201);
    const { rev } = (await blocker.json()) as { rev: string };
    const bytes = fakeJpeg('refused receipt', 40_000);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const vault = new Pouch(path.join(dir, 'ani-blocked'));
    await vault.put(photoDoc(u('ani'), bytes));
    await vault.replicate.to(remote(tokens.ani!), { batch_size: 1 });
    await vault.close();
    await until(
      async () => /photo receipts: .*receipts blocked by the test.*retrying/.test(server.output()),
      'a refused receipt to be retried',
    );
    const receipt = () => api(server.url, 'GET', `/db/photos/receipt:${sha}`, { token: tokens.ani });
    expect((await receipt()).status).toBe(404);
    // The batch waits and tries again, in place, for as long as it takes (it used to give up after eight).
    await until(
      async () => (server.output().match(/receipts blocked by the test/g) ?? []).length >= 3,
      'three refusals',
    );
    expect((await backend.admin(`${names.photos}/_design/blocked?rev=${rev}`, { method: 'DELETE' })).ok).toBe(
      true,
    );
    await until(
      async () => (await receipt()).status === 200,
      'the receipt after the block is lifted',
      120_000,
    );
  });

  it('gives a second officer who uploads the same picture a receipt of their own', async () => {
    const bytes = fakeJpeg('shared-between-phones');
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const first = new Pouch(path.join(dir, 'ani-shared'));
    await first.put(photoDoc(u('ani'), bytes));
    await first.replicate.to(remote(tokens.ani!), { batch_size: 1 });
    await first.close();

    const second = new Pouch(path.join(dir, 'dodi-shared'));
    await second.put(photoDoc(u('dodi'), bytes));
    const pushed = await second.replicate.to(remote(tokens.dodi!), { batch_size: 1 });
    expect(pushed.doc_write_failures).toBe(0);
    await second.replicate.from(remote(tokens.dodi!), { batch_size: 50 });
    const receipts = (await second.allDocs({ startkey: 'receipt:', endkey: 'receipt:\ufff0' })).rows.map(
      (r) => r.id,
    );
    expect(receipts).toEqual([`receipt:${sha}:${u('dodi')}`]);
    // Tampered bytes under the same id are still refused.
    const liar = new Pouch(path.join(dir, 'dodi-liar'));
    const other = fakeJpeg('something else');
    await liar.put({ ...photoDoc(u('dodi'), other), _id: `photo:${sha}`, sha256: sha });
    const bad = await liar.replicate.to(remote(tokens.dodi!), { batch_size: 1 });
    expect(bad.doc_write_failures).toBe(1);
    await second.close();
    await liar.close();
  });
});
