import crypto from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import {
  addUsersAndLogIn,
  api,
  cleanup,
  liveBackend,
  makeTestEnv,
  startServer,
  until,
  type TestEnv,
  type TestServer,
} from './harness';

// The binary photo upload (sync-server/src/sync/photo-upload.ts): ask which photos the server holds, PUT the
// raw JPEG of each missing one. Measured by the bytes a proxy in front of the gateway moved: a cut mid-photo
// resumes without sending again what the server already took, and a photo costs ≤ 1.05× its JPEG on the wire.

interface Photo {
  sha256: string;
  bytes: Buffer;
  rev: string;
}

function fakeJpeg(seed: string, size: number): Photo {
  const bytes = Buffer.alloc(size);
  let block = crypto.createHash('sha512').update(seed).digest();
  for (let i = 0; i < size; i += block.length) {
    block.copy(bytes, i);
    block = crypto.createHash('sha512').update(block).digest();
  }
  bytes[0] = 0xff;
  bytes[1] = 0xd8;
  bytes[2] = 0xff;
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  return { sha256, bytes, rev: '1-' + crypto.createHash('md5').update(seed).digest('hex') };
}

function query(p: Photo, over: Record<string, string> = {}): string {
  return new URLSearchParams({
    rev: p.rev,
    bytes: String(p.bytes.length),
    width: '1920',
    height: '1440',
    storedAt: '2020-04-10T08:00:00.000Z',
    ...over,
  }).toString();
}

/** One request on its own connection (no keep-alive), so the proxy decides anew whether to cut it. */
function request(
  base: string,
  method: string,
  p: string,
  token: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${p}`,
      {
        method,
        agent: false,
        headers: { authorization: `Bearer ${token}`, 'content-length': String(body.length), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const putPhoto = (base: string, token: string, p: Photo, over: Record<string, string> = {}, body = p.bytes) =>
  request(base, 'PUT', `/db/photos/photo:${p.sha256}/photo.jpg?${query(p, over)}`, token, body, {
    'content-type': 'image/jpeg',
  });

async function held(base: string, token: string, photos: Photo[]): Promise<string[]> {
  const res = await request(
    base,
    'POST',
    '/db/photos/_held',
    token,
    Buffer.from(JSON.stringify({ sha256: photos.map((p) => p.sha256) })),
    { 'content-type': 'application/json' },
  );
  expect(res.status).toBe(200);
  return res.body.held as string[];
}

/** The app's loop in miniature: ask, then send what is missing, one photo per request; stops at the first failure. */
async function upload(base: string, token: string, photos: Photo[]): Promise<number> {
  const have = new Set(await held(base, token, photos));
  let sent = 0;
  for (const p of photos) {
    if (have.has(p.sha256)) continue;
    const res = await putPhoto(base, token, p);
    expect(res.status).toBe(201);
    sent++;
  }
  return sent;
}

describe('binary photo upload', () => {
  let t: TestEnv;
  let server: TestServer;
  let proxy: FaultProxy;
  let tokens: Record<string, string>;
  const u = (n: string) => t.userPrefix + n;

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t);
    tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['dodi', 'officer', ['--team', 'regu-2', '--region', 'jakarta-pusat']],
    ]);
    proxy = await startFaultProxy(server.url, {
      cutProbability: 0,
      cutWithinBytes: 0,
      latencyMs: 0,
      seed: 10,
    });
  });

  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
    if (t) cleanup(t);
  });

  it('resumes a cut upload at the photo it was cut in, never sending a received photo again', async () => {
    const photos = [1, 2, 3, 4, 5, 6].map((i) => fakeJpeg(`resume-${i}`, 60_000 + i * 1000));
    const jpegBytes = (ps: Photo[]) => ps.reduce((n, p) => n + p.bytes.length, 0);

    // The first three go through.
    expect(await upload(proxy.url, tokens.ani!, photos.slice(0, 3))).toBe(3);
    // The fourth is cut mid-photo: every new connection now dies within its first 30 000 bytes.
    proxy.setFaults({ cutProbability: 1, cutWithinBytes: 30_000 });
    await expect(putPhoto(proxy.url, tokens.ani!, photos[3]!)).rejects.toThrow();
    expect(proxy.stats.cut).toBeGreaterThanOrEqual(1);

    // Back online: ask, then send only what the server lacks.
    proxy.setFaults({ cutProbability: 0 });
    proxy.resetStats();
    expect((await held(proxy.url, tokens.ani!, photos)).sort()).toEqual(
      photos
        .slice(0, 3)
        .map((p) => p.sha256)
        .sort(),
    );
    const askBytes = proxy.stats.bytesUp;
    expect(await upload(proxy.url, tokens.ani!, photos)).toBe(3);
    const missing = photos.slice(3);
    const sentUp = proxy.stats.bytesUp - askBytes;
    // The server took the three missing photos and nothing of the three it held: ≤ 1.05× their JPEG bytes,
    // the second `_held` question included.
    expect(sentUp).toBeGreaterThanOrEqual(jpegBytes(missing));
    expect(sentUp).toBeLessThanOrEqual(jpegBytes(missing) * 1.05);

    // Every photo is stored once, under the device's revision, byte-identical, and gets its receipt.
    const backend = liveBackend(t);
    const db = `${t.env.TERTIB_DB_PREFIX ?? ''}photos`;
    for (const p of photos) {
      const doc = (await (await backend.admin(`${db}/photo:${p.sha256}`)).json()) as Record<string, unknown>;
      expect(doc).toMatchObject({ _rev: p.rev, author: u('ani'), bytes: p.bytes.length, sha256: p.sha256 });
      const att = await backend.admin(`${db}/photo:${p.sha256}/photo.jpg`);
      expect(Buffer.from(await att.arrayBuffer()).equals(p.bytes)).toBe(true);
    }
    await until(async () => {
      const res = await api(server.url, 'POST', '/db/photos/_all_docs', {
        token: tokens.ani,
        body: { keys: photos.map((p) => `receipt:${p.sha256}`) },
      });
      return (res.body.rows as Array<{ error?: string }>).every((r) => !r.error);
    }, 'receipts for all six photos');
  });

  it('refuses wrong bytes with a 4xx and stores nothing', async () => {
    const p = fakeJpeg('bad', 20_000);
    const other = fakeJpeg('other', 20_000);
    const notJpeg = Buffer.from(p.bytes);
    notJpeg[0] = 0x89;
    const notJpegSha = crypto.createHash('sha256').update(notJpeg).digest('hex');
    const cases: Array<[string, Promise<{ status: number; body: Record<string, unknown> }>]> = [
      // The bytes of another photo under this one's name.
      ['wrong sha256', putPhoto(server.url, tokens.ani!, p, {}, other.bytes)],
      [
        'declared length differs',
        putPhoto(server.url, tokens.ani!, p, { bytes: String(p.bytes.length + 1) }),
      ],
      ['not a JPEG', putPhoto(server.url, tokens.ani!, { ...p, sha256: notJpegSha }, {}, notJpeg)],
      ['no revision', putPhoto(server.url, tokens.ani!, p, { rev: 'x' })],
      [
        'compressed body',
        request(
          server.url,
          'PUT',
          `/db/photos/photo:${p.sha256}/photo.jpg?${query(p)}`,
          tokens.ani!,
          zlib.gzipSync(p.bytes),
          { 'content-type': 'image/jpeg', 'content-encoding': 'gzip' },
        ),
      ],
      [
        'not a photo id',
        request(
          server.url,
          'PUT',
          `/db/photos/receipt:${p.sha256}/photo.jpg?${query(p)}`,
          tokens.ani!,
          p.bytes,
        ),
      ],
    ];
    for (const [what, call] of cases) {
      const res = await call;
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      expect(typeof res.body.error, what).toBe('string');
      expect(typeof res.body.reason, what).toBe('string');
    }
    const backend = liveBackend(t);
    const db = `${t.env.TERTIB_DB_PREFIX ?? ''}photos`;
    for (const sha of [p.sha256, notJpegSha]) {
      expect((await backend.admin(`${db}/photo:${sha}`)).status).toBe(404);
    }
    // Without a session nothing is read at all.
    const anon = await fetch(`${server.url}/db/photos/photo:${p.sha256}/photo.jpg?${query(p)}`, {
      method: 'PUT',
      body: p.bytes,
    });
    expect(anon.status).toBe(401);
    expect(await held(server.url, tokens.ani!, [p])).toEqual([]);
  });

  it('holds a photo for a second officer only once they sent its bytes too, then gives them a receipt', async () => {
    const p = fakeJpeg('shared', 30_000);
    expect(await upload(server.url, tokens.ani!, [p])).toBe(1);
    // Someone else's photo is not held for dodi: asking cannot stand in for having the bytes.
    expect(await held(server.url, tokens.dodi!, [p])).toEqual([]);
    const res = await putPhoto(server.url, tokens.dodi!, { ...p, rev: '1-' + 'd'.repeat(32) });
    expect(res.status).toBe(201);
    expect(await held(server.url, tokens.dodi!, [p])).toEqual([p.sha256]);
    const backend = liveBackend(t);
    const db = `${t.env.TERTIB_DB_PREFIX ?? ''}photos`;
    const stored = (await (await backend.admin(`${db}/photo:${p.sha256}`)).json()) as Record<string, unknown>;
    expect(stored).toMatchObject({ author: u('ani'), _rev: p.rev });
    expect(
      (await backend.admin(`${db}/${encodeURIComponent(`receipt:${p.sha256}:${u('dodi')}`)}`)).status,
    ).toBe(200);
  });

  it('refuses a malformed question', async () => {
    for (const body of [
      {},
      { sha256: 'abc' },
      { sha256: ['xyz'] },
      { sha256: Array(1001).fill('a'.repeat(64)) },
    ]) {
      const res = await api(server.url, 'POST', '/db/photos/_held', { token: tokens.ani, body });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('bad_request');
    }
  });
});
