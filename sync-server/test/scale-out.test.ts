import crypto from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbNames } from '../src/couch';
import { leaseDocId } from '../src/coordination/lease';
import {
  addUser,
  backendAdminUrl,
  blockWrites,
  addUsersAndLogIn,
  api,
  cleanup,
  liveBackend,
  login,
  makeTestEnv,
  rawRequest,
  startServer,
  until,
  type TestEnv,
  type TestServer,
} from './harness';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { reportDoc } from './sync-fixtures';

// Issue 14: several sync-servers over one backend. The first server's embedded backend serves the others
// (started with COUCHDB_URL at it, through a fault proxy so the backend can be made to go away), or, with
// TEST_COUCHDB_URL, all of them use that CouchDB. Workers run under leases (coordination/lease.ts), the
// login throttle is shared (login-throttle.ts), /api/ready and /metrics tell a load balancer and an operator.

const LEASE_SECONDS = 3;
/** coordination/lease.ts: a dead holder is replaced within ttl + 2 × renew (renew = ttl / 3). */
const TAKEOVER_BOUND_MS = LEASE_SECONDS * 1000 + 2 * Math.floor((LEASE_SECONDS * 1000) / 3);
const METRICS_TOKEN = 'metrics-token-for-the-scale-out-test';
const REGION = 'jakarta-pusat';

/** A real JPEG, different per seed, that the server's thumbnailer can read. */
async function realJpeg(seed: string): Promise<Buffer> {
  const h = crypto.createHash('sha256').update(seed).digest();
  const width = 64 + (h[3]! % 64);
  const raw = Buffer.alloc(width * 48 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = h[i % h.length]! ^ (i & 0xff);
  return sharp(raw, { raw: { width, height: 48, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

interface Photo {
  sha256: string;
  bytes: Buffer;
}

async function photos(prefix: string, n: number): Promise<Photo[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const bytes = await realJpeg(`${prefix}-${i}-${crypto.randomUUID()}`);
      return { sha256: crypto.createHash('sha256').update(bytes).digest('hex'), bytes };
    }),
  );
}

/** The binary photo upload (sync/photo-upload.ts), as the app sends it. */
function putPhoto(base: string, token: string, p: Photo) {
  const q = new URLSearchParams({
    rev: '1-' + crypto.createHash('md5').update(p.sha256).digest('hex'),
    bytes: String(p.bytes.length),
    width: '64',
    height: '48',
    storedAt: new Date().toISOString(),
  });
  return rawRequest(base, 'PUT', `/db/photos/photo:${p.sha256}/photo.jpg?${q}`, {
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'image/jpeg',
      'content-length': String(p.bytes.length),
    },
    body: p.bytes,
  });
}

const backendUrlOf = backendAdminUrl;

/** A proxy that passes everything to the first server's backend until told otherwise. */
function proxyToBackend(first: TestEnv): Promise<FaultProxy> {
  return startFaultProxy(backendUrlOf(first), {
    cutProbability: 0,
    cutWithinBytes: 0,
    latencyMs: 0,
    seed: 1,
  });
}

/** A sibling server over the same databases, its backend traffic through `proxy`. */
function siblingEnv(first: TestEnv, proxy: FaultProxy, extra: Record<string, string> = {}): TestEnv {
  const backend = new URL(backendUrlOf(first));
  const viaProxy = new URL(proxy.url);
  backend.host = viaProxy.host;
  return makeTestEnv({
    COUCHDB_URL: backend.toString().replace(/\/$/, ''),
    TERTIB_DB_PREFIX: first.env.TERTIB_DB_PREFIX ?? '',
    ...extra,
  });
}

async function docsWithConflicts(t: TestEnv): Promise<string[]> {
  const backend = liveBackend(t);
  const names = dbNames(t.env.TERTIB_DB_PREFIX ?? '');
  const found: string[] = [];
  for (const db of [
    names.reports,
    names.events,
    names.photos,
    names.sessions,
    names.config,
    names.thumbnails,
    names.states,
    names.coordination,
  ]) {
    const res = await backend.admin(`${db}/_all_docs?include_docs=true&conflicts=true`);
    const body = (await res.json()) as { rows: Array<{ id: string; doc?: { _conflicts?: string[] } }> };
    for (const row of body.rows) if (row.doc?._conflicts?.length) found.push(`${db}/${row.id}`);
  }
  return found;
}

async function allDocs(t: TestEnv, db: string, prefix: string): Promise<Array<{ id: string; rev: string }>> {
  const qs = new URLSearchParams({
    startkey: JSON.stringify(prefix),
    endkey: JSON.stringify(prefix + '\ufff0'),
  });
  const res = await liveBackend(t).admin(`${db}/_all_docs?${qs}`);
  const body = (await res.json()) as { rows: Array<{ id: string; value: { rev: string } }> };
  return body.rows.map((r) => ({ id: r.id, rev: r.value.rev }));
}

async function metric(base: string, line: RegExp): Promise<number> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await res.text();
  const m = text.split('\n').find((l) => line.test(l));
  return m ? Number(m.split(' ').pop()) : 0;
}

describe('two sync-servers over one backend', () => {
  let tA: TestEnv;
  let tB: TestEnv;
  let a: TestServer;
  let b: TestServer;
  let proxy: FaultProxy;
  let tokens: { a: Record<string, string>; b: Record<string, string> };
  const u = (n: string) => tA.userPrefix + n;
  const env = {
    TERTIB_LEASE_SECONDS: String(LEASE_SECONDS),
    TERTIB_METRICS_TOKEN: METRICS_TOKEN,
    TERTIB_CHECKPOINT_SECONDS: '1',
  };

  beforeAll(async () => {
    tA = makeTestEnv(env);
    a = await startServer(tA);
    proxy = await proxyToBackend(tA);
    tB = siblingEnv(tA, proxy, env);
    b = await startServer(tB);
    const people: Array<[string, string, string[]]> = [
      ['ani', 'officer', ['--team', 'regu-1', '--region', REGION]],
      ['budi', 'supervisor', ['--region', REGION]],
    ];
    const viaA = await addUsersAndLogIn(tA, a, people);
    const viaB: Record<string, string> = {};
    for (const [name] of people)
      viaB[name] = (await login(b.url, u(name), `kata-sandi-${name}`)).body.token as string;
    tokens = { a: viaA, b: viaB };
  });

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await proxy?.close();
    if (tB) cleanup(tB);
    if (tA) cleanup(tA);
  });

  it('takes a report through one and its photos through the other: one receipt and one thumbnail each, right figures, no conflicts', async () => {
    const names = dbNames(tA.env.TERTIB_DB_PREFIX ?? '');
    const before = await api(a.url, 'GET', '/api/stats', { token: tokens.a.budi });
    const shots = await photos('ani', 3);
    const report = reportDoc(u('ani'), 'regu-1', REGION, {
      photos: shots.map((p) => ({ sha256: p.sha256, bytes: p.bytes.length, width: 64, height: 48 })),
    });
    const pushed = await api(a.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.a.ani,
      body: { docs: [{ _id: report.id, ...report }] },
    });
    expect(pushed.status).toBe(201);
    for (const p of shots) expect((await putPhoto(b.url, tokens.b.ani!, p)).status).toBe(201);

    const receipts = await until(async () => {
      const rows = await allDocs(tA, names.photos, 'receipt:');
      const mine = rows.filter((r) => shots.some((p) => r.id === `receipt:${p.sha256}`));
      return mine.length === shots.length && mine;
    }, 'a receipt for every photo');
    expect(receipts.every((r) => r.rev.startsWith('1-'))).toBe(true);
    const thumbs = await until(async () => {
      const rows = await allDocs(tA, names.thumbnails, 'thumb:');
      const mine = rows.filter((r) => shots.some((p) => r.id === `thumb:${p.sha256}`));
      return mine.length === shots.length && mine;
    }, 'a thumbnail for every photo');
    expect(thumbs.every((r) => r.rev.startsWith('1-'))).toBe(true);

    // The dashboard figures are the same through either server and count the report once.
    for (const [server, token] of [
      [a, tokens.a.budi],
      [b, tokens.b.budi],
    ] as const) {
      const stats = await until(async () => {
        const res = await api(server.url, 'GET', '/api/stats', { token });
        return res.body.total === (before.body.total as number) + 1 && res;
      }, 'the report in the figures');
      expect(stats.status).toBe(200);
    }
    expect(await docsWithConflicts(tA)).toEqual([]);
  });

  it('runs each worker on one server: the lease names one live holder', async () => {
    const names = dbNames(tA.env.TERTIB_DB_PREFIX ?? '');
    for (const worker of ['photo-receipts', 'report-states']) {
      const res = await liveBackend(tA).admin(
        `${names.coordination}/${encodeURIComponent(leaseDocId(worker))}`,
      );
      const lease = (await res.json()) as { holder: string };
      const pid = Number(lease.holder.split(':')[1]);
      expect([a.process.pid, b.process.pid]).toContain(pid);
    }
    const readyA = await api(a.url, 'GET', '/api/ready');
    const readyB = await api(b.url, 'GET', '/api/ready');
    const runs = (r: typeof readyA, name: string) =>
      (r.body.workers as Array<{ name: string; runsHere: boolean }>).find((w) => w.name === name)!.runsHere;
    for (const worker of ['photo-receipts', 'report-states'])
      expect(runs(readyA, worker) !== runs(readyB, worker)).toBe(true);
  });

  it('publishes evidence checkpoints from one server only: the checkpoints lease holder, one per period', async () => {
    const names = dbNames(tA.env.TERTIB_DB_PREFIX ?? '');
    const res = await liveBackend(tA).admin(
      `${names.coordination}/${encodeURIComponent(leaseDocId('checkpoints'))}`,
    );
    const pid = Number(((await res.json()) as { holder: string }).holder.split(':')[1]);
    const [holder, standby] = pid === a.process.pid ? [a, b] : [b, a];
    expect(standby.process.pid).not.toBe(pid);
    const published = (s: TestServer) => metric(s.url, /^tertib_evidence_checkpoints_published_total /);
    // Receipts keep arriving through both servers (a report each), period after period.
    const before = await published(holder);
    for (let i = 0; i < 3; i++) {
      const count = (await api(a.url, 'GET', '/api/evidence/checkpoints')).body.checkpoints as unknown[];
      for (const server of [a, b]) {
        const report = reportDoc(u('ani'), 'regu-1', REGION);
        const token = server === a ? tokens.a.ani : tokens.b.ani;
        const pushed = await api(server.url, 'POST', '/db/reports/_bulk_docs', {
          token,
          body: { docs: [{ _id: report.id, ...report }] },
        });
        expect(pushed.status).toBe(201);
      }
      await until(
        async () =>
          ((await api(a.url, 'GET', '/api/evidence/checkpoints')).body.checkpoints as unknown[]).length >
          count.length,
        'the next checkpoint',
      );
    }
    expect(await published(holder)).toBeGreaterThanOrEqual(before + 3);
    expect(await published(standby)).toBe(0);
  });

  it('ends a session on both when it is ended on one (the sessions feed reaches every instance)', async () => {
    const token = (await login(a.url, u('ani'), 'kata-sandi-ani')).body.token as string;
    expect((await api(b.url, 'GET', '/api/session', { token })).status).toBe(200);
    expect((await api(a.url, 'DELETE', '/api/session', { token })).status).toBe(200);
    await until(
      async () => (await api(b.url, 'GET', '/api/session', { token })).status === 401,
      'B to refuse',
    );
  });

  it('counts a refused write in /metrics, and /metrics needs the token', async () => {
    const refused = /^tertib_refused_writes_total\{db="reports",reason="forbidden"\}/;
    const before = await metric(b.url, refused);
    // An officer may not file a report in someone else's name.
    const forged = reportDoc(u('budi'), 'regu-1', REGION);
    const res = await api(b.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.b.ani,
      body: { docs: [{ _id: forged.id, ...forged }] },
    });
    expect(res.status).toBe(201);
    expect((res.body as unknown as Array<{ error?: string }>)[0]?.error).toBe('forbidden');
    expect(await metric(b.url, refused)).toBe(before + 1);
    expect((await fetch(`${b.url}/metrics`)).status).toBe(401);
    const text = await (
      await fetch(`${b.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    for (const name of [
      'tertib_http_requests_total',
      'tertib_http_request_duration_seconds',
      'tertib_docs_pushed_total',
      'tertib_worker_held',
      'tertib_live_clients',
      'tertib_login_failures_total',
    ])
      expect(text).toContain(name);
  });

  it('throttles guesses spread over both servers as if there were one', async () => {
    await addUser(tA, u('sasaran'), 'supervisor', 'kata-sandi-benar', ['--region', REGION]);
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(i % 2 ? a.url : b.url, u('sasaran'), `tebakan-${i}`)),
    );
    const evaluated = guesses.filter((g) => g.status === 401).length;
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(guesses.filter((g) => g.status === 429).length).toBe(40 - evaluated);
    // Later guesses on either server are refused too, the right password included.
    expect((await login(a.url, u('sasaran'), 'kata-sandi-benar')).status).toBe(429);
    expect((await login(b.url, u('sasaran'), 'kata-sandi-benar')).status).toBe(429);
  });

  it('logs JSON lines with request ids and never a password, token or cookie', () => {
    const out = a.output() + b.output();
    const json = out.split('\n').filter((l) => l.startsWith('{'));
    expect(json.some((l) => /"req":\{"id":"[^"]+","method":"POST","path":"\/api\/session"/.test(l))).toBe(
      true,
    );
    expect(out).not.toMatch(/kata-sandi-/);
    expect(out).not.toContain(METRICS_TOKEN);
    for (const token of [...Object.values(tokens.a), ...Object.values(tokens.b)])
      expect(out).not.toContain(token);
  });

  it('answers /api/ready 503 while the backend is away and 200 when it is back', async () => {
    expect((await api(b.url, 'GET', '/api/ready')).status).toBe(200);
    proxy.setTarget('http://127.0.0.1:9');
    proxy.dropConnections();
    const away = await until(async () => {
      const res = await api(b.url, 'GET', '/api/ready');
      return res.status === 503 && res;
    }, '503 from /api/ready');
    expect(away.body.backend).toBe('unreachable');
    expect(String((away.body.reasons as string[])[0])).toMatch(/unreachable/);
    // Liveness is not readiness: the process still answers.
    expect((await api(b.url, 'GET', '/api/health')).status).toBe(200);
    proxy.setTarget(backendUrlOf(tA));
    await until(async () => (await api(b.url, 'GET', '/api/ready')).status === 200, '200 from /api/ready');
  });
});

describe('the lease holder dies mid-batch', () => {
  let tA: TestEnv;
  const siblings: Array<{ t: TestEnv; server: TestServer }> = [];
  let a: TestServer;
  let proxy: FaultProxy;

  beforeAll(async () => {
    // A holds the backend (embedded) and serves requests only; B and C run the workers.
    tA = makeTestEnv({ TERTIB_WORKERS: 'none', TERTIB_LEASE_SECONDS: String(LEASE_SECONDS) });
    a = await startServer(tA);
    proxy = await proxyToBackend(tA);
    for (let i = 0; i < 2; i++) {
      // Named apart from this machine's host name, as on two machines: the takeover must come from the
      // TTL, not from seeing the holder's process gone (which a standby on the same host may check).
      const t = siblingEnv(tA, proxy, {
        TERTIB_LEASE_SECONDS: String(LEASE_SECONDS),
        TERTIB_INSTANCE_NAME: `sync-${i + 2}`,
      });
      siblings.push({ t, server: await startServer(t) });
    }
  });

  afterAll(async () => {
    for (const s of siblings) {
      await s.server.stop();
      cleanup(s.t);
    }
    await a?.stop();
    await proxy?.close();
    if (tA) cleanup(tA);
  });

  it('the other instance takes over within the stated time; every photo gets exactly one receipt and thumbnail', async () => {
    const names = dbNames(tA.env.TERTIB_DB_PREFIX ?? '');
    const tokens = await addUsersAndLogIn(tA, a, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', REGION]],
    ]);
    const leaseOf = async () => {
      const res = await liveBackend(tA).admin(
        `${names.coordination}/${encodeURIComponent(leaseDocId('photo-receipts'))}`,
      );
      return (await res.json()) as { holder: string };
    };
    const holderPid = Number((await leaseOf()).holder.split(':')[1]);
    const holder = siblings.find((s) => s.server.process.pid === holderPid);
    const survivor = siblings.find((s) => s.server.process.pid !== holderPid)!;
    expect(holder).toBeDefined();

    const shots = await photos('kill', 16);
    await Promise.all(
      shots.map((p) => putPhoto(a.url, tokens.ani!, p).then((r) => expect(r.status).toBe(201))),
    );
    const receiptIds = new Set(shots.map((p) => `receipt:${p.sha256}`));
    const receipted = async () =>
      (await allDocs(tA, names.photos, 'receipt:')).filter((r) => receiptIds.has(r.id));
    // Mid-batch: some photos have their receipt, not all.
    await until(async () => (await receipted()).length > 0, 'the first receipt', 30_000);
    holder!.server.process.kill('SIGKILL');
    const doneBeforeKill = (await receipted()).length;
    const killedAt = Date.now();
    const taken = await until(
      async () => {
        const lease = await leaseOf();
        return Number(lease.holder.split(':')[1]) === survivor.server.process.pid && Date.now();
      },
      'the survivor to take the lease',
      30_000,
    );
    const takeoverMs = taken - killedAt;
    console.log(
      `lease taken over ${takeoverMs} ms after the holder was killed (bound ${TAKEOVER_BOUND_MS} ms)`,
    );
    // The bound plus room for a loaded test machine's timers and the 100 ms polling of this test.
    expect(takeoverMs).toBeLessThanOrEqual(TAKEOVER_BOUND_MS + 3000);
    console.log(`${doneBeforeKill} of ${shots.length} photos had their receipt when the holder was killed`);

    const all = await until(
      async () => {
        const rows = await receipted();
        return rows.length === shots.length && rows;
      },
      'a receipt for every photo',
      60_000,
    );
    expect(all.every((r) => r.rev.startsWith('1-'))).toBe(true);
    const thumbIds = new Set(shots.map((p) => `thumb:${p.sha256}`));
    const thumbs = await until(async () => {
      const rows = (await allDocs(tA, names.thumbnails, 'thumb:')).filter((r) => thumbIds.has(r.id));
      return rows.length === shots.length && rows;
    }, 'a thumbnail for every photo');
    expect(thumbs.every((r) => r.rev.startsWith('1-'))).toBe(true);
    expect(await docsWithConflicts(tA)).toEqual([]);
    expect(survivor.server.output()).toMatch(/lease photo-receipts: taken over from/);
  });
});

describe('readiness follows the workers this instance runs', () => {
  let t: TestEnv;
  let server: TestServer;

  beforeAll(async () => {
    t = makeTestEnv({ TERTIB_READY_MAX_LAG_SECONDS: '1' });
    server = await startServer(t);
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
  });

  it('answers 503 while a worker here is further behind than the limit, 200 once it caught up', async () => {
    const names = dbNames(t.env.TERTIB_DB_PREFIX ?? '');
    const tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', REGION]],
    ]);
    expect((await api(server.url, 'GET', '/api/ready')).status).toBe(200);
    const unblock = await blockWrites(t, names.states);
    const report = reportDoc(t.userPrefix + 'ani', 'regu-1', REGION);
    await api(server.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.ani,
      body: { docs: [{ _id: report.id, ...report }] },
    });
    const behind = await until(async () => {
      const res = await api(server.url, 'GET', '/api/ready');
      return res.status === 503 && res;
    }, '503 from /api/ready');
    expect((behind.body.reasons as string[]).join(' ')).toMatch(
      /worker report-states is \d+ s behind \(limit 1 s\)/,
    );
    expect(behind.body.backend).toBe('reachable');
    await unblock();
    await until(
      async () => (await api(server.url, 'GET', '/api/ready')).status === 200,
      '200 once caught up',
      90_000,
    );
  });
});
