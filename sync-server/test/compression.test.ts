import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUsersAndLogIn,
  api,
  cleanup,
  makeTestEnv,
  rawRequest,
  startServer,
  type RawResponse,
  type TestEnv,
  type TestServer,
} from './harness';
import { reportDoc } from './sync-fixtures';

// Compressed transfers (sync-server/src/http/compression.ts): responses decode to exactly what an
// uncompressed client gets, compressed request bodies are decoded within limits, a corrupt body or a zip
// bomb is a 400 and the server keeps serving, and a longpoll's heartbeats still flow through the compressor.

/** A request whose answer is returned as it came off the wire (undici's fetch would decode it). */
function raw(
  base: string,
  method: string,
  p: string,
  opts: { token?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<RawResponse> {
  // Its own connection (rawRequest): building a zip bomb blocks this process for seconds, long enough for
  // the server to close an idle kept-alive socket under a reused request ("socket hang up").
  return rawRequest(base, method, p, {
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body
        ? { 'content-type': 'application/json', 'content-length': String(opts.body.length) }
        : {}),
      ...opts.headers,
    },
    ...(opts.body ? { body: opts.body } : {}),
  });
}

function decode(r: RawResponse): unknown {
  const enc = r.headers['content-encoding'];
  const bytes =
    enc === 'gzip' ? zlib.gunzipSync(r.body) : enc === 'br' ? zlib.brotliDecompressSync(r.body) : r.body;
  return JSON.parse(bytes.toString('utf8'));
}

/**
 * What two answers must agree on. A changes feed promises its rows, not their order or sequences: a sharded
 * CouchDB 3 merges its shards' feeds, and behind a load balancer each request may be served by another node.
 */
function sameDocuments(body: unknown): unknown {
  const results = (body as { results?: Array<{ id: string; seq?: unknown }> }).results;
  if (!Array.isArray(results)) return body;
  return results.map(({ seq: _seq, ...row }) => row).sort((a, b) => a.id.localeCompare(b.id));
}

describe('compressed transfers', () => {
  let t: TestEnv;
  let server: TestServer;
  let tokens: Record<string, string>;
  const ids: string[] = [];
  const u = (n: string) => t.userPrefix + n;

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t);
    tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['budi', 'supervisor', ['--region', 'jakarta-pusat']],
    ]);
    const docs = Array.from({ length: 30 }, () => reportDoc(u('ani'), 'regu-1', 'jakarta-pusat'));
    ids.push(...docs.map((d) => d.id));
    // Sent gzip-compressed, as the app sends a large _bulk_docs.
    const body = zlib.gzipSync(JSON.stringify({ docs: docs.map((d) => ({ ...d, _id: d.id })) }));
    const res = await raw(server.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.ani,
      body,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(res.status).toBe(201);
    const rows = decode(res) as Array<{ ok?: boolean }>;
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.ok)).toBe(true);
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
  });

  it('answers _changes, _all_docs, _bulk_get and the API compressed, decoding to the same documents', async () => {
    const keys = Buffer.from(JSON.stringify({ keys: ids, include_docs: true }));
    const bulkGet = Buffer.from(JSON.stringify({ docs: ids.map((id) => ({ id })) }));
    const calls: Array<[string, string, Buffer | undefined]> = [
      ['GET', '/db/reports/_changes?include_docs=true&style=all_docs&limit=100', undefined],
      ['POST', '/db/reports/_all_docs', keys],
      ['POST', '/db/reports/_bulk_get?revs=true', bulkGet],
      ['GET', '/api/categories', undefined],
    ];
    for (const [method, p, body] of calls) {
      const plain = await raw(server.url, method, p, { token: tokens.budi, ...(body ? { body } : {}) });
      expect(plain.status, p).toBeLessThan(300);
      expect(plain.headers['content-encoding'], p).toBeUndefined();
      for (const enc of ['gzip', 'br']) {
        const packed = await raw(server.url, method, p, {
          token: tokens.budi,
          headers: { 'accept-encoding': enc },
          ...(body ? { body } : {}),
        });
        expect(packed.headers['content-encoding'], `${p} ${enc}`).toBe(enc);
        expect(packed.body.length, `${p} ${enc}`).toBeLessThan(plain.body.length / 2);
        expect(sameDocuments(decode(packed)), `${p} ${enc}`).toEqual(sameDocuments(decode(plain)));
      }
    }
  });

  it('refuses a corrupt or oversized compressed body with a 400, and keeps serving', async () => {
    const good = zlib.gzipSync(JSON.stringify({ docs: [] }));
    const truncated = good.subarray(0, good.length - 6);
    const garbage = Buffer.from('this is not gzip at all, just bytes that claim to be');
    // 200 MB of zeros: about 200 KB compressed, far past the 8 MB a _bulk_docs may decode to.
    const bomb = zlib.gzipSync(Buffer.alloc(200 * 1024 * 1024), { level: 9 });
    const notJson = zlib.gzipSync('{"docs": [');
    const brBomb = zlib.brotliCompressSync(Buffer.alloc(50 * 1024 * 1024));
    const cases: Array<[string, string, Buffer, string]> = [
      ['truncated gzip', '/db/reports/_bulk_docs', truncated, 'gzip'],
      ['not gzip', '/db/reports/_bulk_docs', garbage, 'gzip'],
      ['gzip bomb', '/db/reports/_bulk_docs', bomb, 'gzip'],
      ['brotli bomb', '/db/events/_bulk_docs', brBomb, 'br'],
      ['not JSON', '/db/reports/_bulk_docs', notJson, 'gzip'],
      ['unknown encoding', '/db/reports/_bulk_docs', good, 'compress'],
      ['gzip bomb to the API', '/api/session', bomb, 'gzip'],
    ];
    for (const [what, p, body, enc] of cases) {
      const res = await raw(server.url, 'POST', p, {
        token: tokens.ani,
        body,
        headers: { 'content-encoding': enc },
      });
      expect(res.status, what).toBe(400);
      const answer = JSON.parse(res.body.toString()) as Record<string, unknown>;
      expect(answer.error, what).toBe('bad_request');
      expect(typeof answer.reason, what).toBe('string');
      // Still serving, and the same connection pool still works.
      expect((await api(server.url, 'GET', '/api/health')).status, what).toBe(200);
    }
    expect(server.process.exitCode).toBeNull();
  });

  it('keeps a compressed longpoll flowing: heartbeats arrive, then the change', async () => {
    const since = (
      decode(
        await raw(server.url, 'GET', '/db/reports/_changes?since=now&limit=1', { token: tokens.budi }),
      ) as { last_seq: string }
    ).last_seq;
    let heard = '';
    let sawHeartbeat: () => void = () => undefined;
    const heartbeat = new Promise<void>((r) => (sawHeartbeat = r));
    const answer = new Promise<{ encoding: string | undefined; text: string }>((resolve, reject) => {
      const req = http.request(
        `${server.url}/db/reports/_changes?feed=longpoll&heartbeat=1000&include_docs=true&since=${encodeURIComponent(String(since))}`,
        { headers: { authorization: `Bearer ${tokens.budi}`, 'accept-encoding': 'gzip' } },
        (res) => {
          const encoding = res.headers['content-encoding'];
          const stream = encoding === 'gzip' ? res.pipe(zlib.createGunzip()) : res;
          stream.on('data', (c: Buffer) => {
            heard += c.toString();
            if (heard.startsWith('\n')) sawHeartbeat();
          });
          stream.on('end', () => resolve({ encoding, text: heard }));
          stream.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
    // Only once a heartbeat has come through the compressor is the change made: a buffered heartbeat would
    // leave this test waiting (and failing on its timeout), whatever the machine's speed.
    await heartbeat;
    const doc = reportDoc(u('ani'), 'regu-1', 'jakarta-pusat');
    const put = await api(server.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.ani,
      body: { docs: [{ ...doc, _id: doc.id }] },
    });
    expect(put.status).toBe(201);
    const { encoding, text } = await answer;
    expect(encoding).toBe('gzip');
    const body = JSON.parse(text.trim()) as { results: Array<{ id: string }> };
    expect(body.results.map((r) => r.id)).toContain(doc.id);
  });
});
