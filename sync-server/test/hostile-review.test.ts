import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/passwords';
import {
  addUser,
  addUsersAndLogIn,
  api,
  cleanup,
  externalCouch,
  liveBackend,
  login,
  makeTestEnv,
  rawRequest,
  runCli,
  startServer,
  type TestEnv,
  type TestServer,
} from './harness';
import { eventDoc, fakeJpeg, photoDoc, reportDoc } from './sync-fixtures';

// One test per defect found by the hostile review of issue 9, each written to fail on the code it reviewed.
// The seeded fuzzer over every endpoint is hostile-requests.test.ts.

const REGION = 'jakarta-pusat';

const raw = rawRequest;

const deepJson = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

describe('hostile review (issue 9): each defect stays fixed', () => {
  let t: TestEnv;
  let server: TestServer;
  let tokens: Record<string, string> = {};
  const u = (n: string) => t.userPrefix + n;
  const push = async (db: string, token: string, docs: unknown[]) =>
    api(server.url, 'POST', `/db/${db}/_bulk_docs`, { token, body: { docs } });

  beforeAll(async () => {
    t = makeTestEnv({ LOGIN_MAX_FAILURES: '5' });
    server = await startServer(t);
    tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', REGION]],
      ['budi', 'officer', ['--team', 'regu-1', '--region', REGION]],
      ['rudi', 'officer', ['--team', 'regu-2', '--region', REGION]],
      ['dewi', 'officer', ['--team', 'regu-2', '--region', REGION]],
      ['pengawas', 'supervisor', ['--region', REGION]],
      ['admin', 'admin', []],
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
  });

  const alive = async () => expect((await api(server.url, 'GET', '/api/health')).status).toBe(200);

  it.skipIf(externalCouch)(
    '1, 2: the embedded backend answers nobody but the server: no planted _users document, no crash',
    async () => {
      const note = JSON.parse(fs.readFileSync(path.join(t.dataDir, 'server.json'), 'utf8')) as {
        backendUrl: string;
      };
      const planted = await raw(note.backendUrl, 'PUT', '/_users/org.couchdb.user:mallory', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          _id: 'org.couchdb.user:mallory',
          name: 'mallory',
          type: 'user',
          roles: [],
          password: 'x',
          tertib: { role: 'admin', team: null, region: null, disabled: false },
        }),
      });
      expect(planted.status).toBe(401);
      // The request that used to kill the whole server (express-pouchdb: "db.info is not a function").
      expect((await raw(note.backendUrl, 'PUT', '/x')).status).toBe(401);
      expect((await raw(note.backendUrl, 'GET', '/_all_dbs')).status).toBe(401);
      expect(
        (await raw(note.backendUrl, 'GET', '/_session', { headers: { cookie: 'AuthSession=x' } })).status,
      ).toBe(401);
      expect(
        (
          await raw(note.backendUrl, 'GET', '/_all_dbs', {
            headers: { authorization: 'Basic ' + Buffer.from('tertib-admin:guess').toString('base64') },
          })
        ).status,
      ).toBe(401);
      await alive();
      expect(
        (await api(server.url, 'GET', '/db/reports/_changes?limit=1', { token: tokens.ani })).status,
      ).toBe(200);
    },
  );

  it('1: a role comes from `roles`, which only administrators write, never from the document body', async () => {
    const backend = liveBackend(t);
    const write = async (name: string, roles: string[]) => {
      const id = `org.couchdb.user:${name}${externalCouch ? '@' + (t.env.TERTIB_DB_PREFIX ?? '') : ''}`;
      const res = await backend.admin(`_users/${encodeURIComponent(id)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          _id: id,
          name: id.slice('org.couchdb.user:'.length),
          type: 'user',
          roles,
          password: 'unused-by-tertib',
          tertib: {
            role: 'admin',
            team: null,
            region: null,
            disabled: false,
            passwordHash: await hashPassword('kata-sandi-mallory'),
            createdAt: new Date().toISOString(),
            updatedAt: new Date().toISOString(),
          },
        }),
      });
      expect(res.status).toBe(201);
    };
    // A body claiming admin, with officer roles: an officer.
    await write(u('mallory'), ['officer', 'team:regu-1', `region:${REGION}`]);
    const asOfficer = await login(server.url, u('mallory'), 'kata-sandi-mallory');
    expect(asOfficer.status).toBe(200);
    expect(asOfficer.body.user).toMatchObject({ role: 'officer', team: 'regu-1' });
    const token = asOfficer.body.token as string;
    expect((await api(server.url, 'GET', '/api/users', { token })).status).toBe(403);
    // A body claiming admin, with no roles at all: nobody.
    await write(u('mallory2'), []);
    expect((await login(server.url, u('mallory2'), 'kata-sandi-mallory')).status).toBe(401);
  });

  it("3: naming another team's photo in one's own report opens nothing", async () => {
    const bytes = fakeJpeg('ani-evidence');
    const photo = photoDoc(u('ani'), bytes);
    const up = await push('photos', tokens.ani!, [photo]);
    expect(up.status).toBe(201);
    const aniReport = reportDoc(u('ani'), 'regu-1', REGION, {
      photos: [{ sha256: photo.sha256, bytes: bytes.length, width: 1920, height: 1440 }],
    });
    expect((await push('reports', tokens.ani!, [{ ...aniReport, _id: aniReport.id }])).status).toBe(201);
    const stolen = reportDoc(u('rudi'), 'regu-2', REGION, {
      photos: [{ sha256: photo.sha256, bytes: bytes.length, width: 1920, height: 1440 }],
    });
    const filed = await push('reports', tokens.rudi!, [{ ...stolen, _id: stolen.id }]);
    expect(filed.status).toBe(201);
    for (const attachment of ['photo.jpg', 'thumb.jpg']) {
      const p = `/db/photos/${encodeURIComponent(photo._id)}/${attachment}`;
      expect((await api(server.url, 'GET', p, { token: tokens.rudi })).status).toBe(404);
      expect((await api(server.url, 'GET', p, { token: tokens.dewi })).status).toBe(404);
    }
    // Those meant to see it still do: its uploader, and the supervisor reading ani's report.
    const ok = `/db/photos/${encodeURIComponent(photo._id)}/photo.jpg`;
    expect((await api(server.url, 'GET', ok, { token: tokens.ani })).status).toBe(200);
    expect((await api(server.url, 'GET', ok, { token: tokens.pengawas })).status).toBe(200);
  });

  it('5: _changes asks the backend only for what the user may see, and still fills its pages', async () => {
    // The cost side is measured in changes-cost.test.ts against the backend itself; here, through the
    // gateway, an officer who may read nothing of a long run of another team's reports gets a full answer.
    const others = Array.from({ length: 150 }, () => reportDoc(u('rudi'), 'regu-2', REGION));
    await push(
      'reports',
      tokens.rudi!,
      others.map((r) => ({ ...r, _id: r.id })),
    );
    const mine = Array.from({ length: 3 }, () => reportDoc(u('ani'), 'regu-1', REGION));
    await push(
      'reports',
      tokens.ani!,
      mine.map((r) => ({ ...r, _id: r.id })),
    );
    const page = await api(server.url, 'GET', '/db/reports/_changes?since=0&limit=2&include_docs=true', {
      token: tokens.budi,
    });
    expect(page.status).toBe(200);
    const rows = page.body.results as Array<{ id: string; doc: { team: string } }>;
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.doc.team === 'regu-1')).toBe(true);
    const rest = await api(
      server.url,
      'GET',
      `/db/reports/_changes?since=${encodeURIComponent(String(page.body.last_seq))}&limit=100&include_docs=true`,
      { token: tokens.budi },
    );
    const all = [...rows, ...(rest.body.results as typeof rows)].map((r) => r.id);
    expect(new Set(all).size).toBe(all.length);
    for (const r of mine) expect(all).toContain(r.id);
    expect(all.some((id) => others.some((o) => o.id === id))).toBe(false);
  });

  /** Opens a longpoll that waits for the next change; resolves with what it finally answers. */
  function longpoll(token: string) {
    return raw(
      server.url,
      'GET',
      '/db/reports/_changes?feed=longpoll&since=now&include_docs=true&timeout=30000',
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
  }

  it('6: a live feed ends with its session: logout', async () => {
    const second = (await login(server.url, u('ani'), 'kata-sandi-ani')).body.token as string;
    const feed = longpoll(second);
    await new Promise((r) => setTimeout(r, 300)); // let it start waiting
    expect((await api(server.url, 'DELETE', '/api/session', { token: second })).status).toBe(200);
    const report = reportDoc(u('budi'), 'regu-1', REGION);
    await push('reports', tokens.budi!, [{ ...report, _id: report.id }]);
    const answer = await feed;
    expect(answer.text).not.toContain(report.id);
    expect(answer.status).toBe(401);
  });

  it('6: a live feed ends with its session: an account disabled by the CLI, another process', async () => {
    await addUser(t, u('eko'), 'officer', 'kata-sandi-eko', ['--team', 'regu-1', '--region', REGION]);
    const eko = (await login(server.url, u('eko'), 'kata-sandi-eko')).body.token as string;
    const feed = longpoll(eko);
    await new Promise((r) => setTimeout(r, 300));
    expect((await runCli(t, ['user', 'disable', u('eko')])).code).toBe(0);
    const report = reportDoc(u('budi'), 'regu-1', REGION);
    await push('reports', tokens.budi!, [{ ...report, _id: report.id }]);
    const answer = await feed;
    expect(answer.text).not.toContain(report.id);
    expect([401, 403]).toContain(answer.status);
  });

  it('6: a feed woken by a change to its account that leaves the session standing keeps waiting', async () => {
    // Seen on a 3-node cluster: the follower's late notice of the session's own login woke the feed, which
    // then answered an empty page at once instead of waiting for the change it was opened for.
    const feed = longpoll(tokens.ani!);
    await new Promise((r) => setTimeout(r, 300));
    const backend = liveBackend(t);
    const id = `org.couchdb.user:${u('ani')}${externalCouch ? '@' + (t.env.TERTIB_DB_PREFIX ?? '') : ''}`;
    const doc = (await (await backend.admin(`_users/${encodeURIComponent(id)}`)).json()) as Record<
      string,
      unknown
    >;
    const touched = await backend.admin(`_users/${encodeURIComponent(id)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...doc, note: 'touched by the test' }),
    });
    expect(touched.status).toBe(201);
    await new Promise((r) => setTimeout(r, 500));
    const report = reportDoc(u('budi'), 'regu-1', REGION);
    await push('reports', tokens.budi!, [{ ...report, _id: report.id }]);
    const answer = await feed;
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(report.id);
  });

  it('7: a refused id answers exactly as a missing one, on every read path of every database', async () => {
    const hidden = reportDoc(u('rudi'), 'regu-2', REGION);
    await push('reports', tokens.rudi!, [{ ...hidden, _id: hidden.id }]);
    const event = eventDoc('commented', u('rudi'), 'officer', hidden, { text: 'catatan' });
    await push('events', tokens.rudi!, [{ ...event, _id: event.id }]);
    const photo = photoDoc(u('rudi'), fakeJpeg('rudi-only'));
    await push('photos', tokens.rudi!, [photo]);
    const unknown = crypto.randomUUID();
    const same = (a: unknown, b: unknown, hiddenId: string) =>
      expect(JSON.stringify(a).split(hiddenId).join('ID')).toBe(JSON.stringify(b).split(unknown).join('ID'));

    for (const [db, id] of [
      ['reports', hidden.id],
      ['events', event.id],
      ['photos', photo._id],
    ] as const) {
      const ask = (docId: string, rev?: string) =>
        api(server.url, 'POST', `/db/${db}/_bulk_get?revs=true`, {
          token: tokens.ani,
          body: { docs: [rev ? { id: docId, rev } : { id: docId }] },
        });
      same((await ask(id)).body, (await ask(unknown)).body, id);
      same((await ask(id, '1-abc')).body, (await ask(unknown, '1-abc')).body, id);
      const diff = (docId: string) =>
        api(server.url, 'POST', `/db/${db}/_revs_diff`, { token: tokens.ani, body: { [docId]: ['1-abc'] } });
      same((await diff(id)).body, (await diff(unknown)).body, id);
      const byId = (docId: string) =>
        api(server.url, 'GET', `/db/${db}/${encodeURIComponent(docId)}`, { token: tokens.ani });
      same(
        await byId(id).then((r) => [r.status, r.body]),
        await byId(unknown).then((r) => [r.status, r.body]),
        id,
      );
      const openRevs = (docId: string, revs: string) =>
        api(server.url, 'GET', `/db/${db}/${encodeURIComponent(docId)}?open_revs=${revs}`, {
          token: tokens.ani,
        });
      for (const revs of ['all', encodeURIComponent('["1-abc"]')]) {
        same(
          await openRevs(id, revs).then((r) => [r.status, r.body]),
          await openRevs(unknown, revs).then((r) => [r.status, r.body]),
          id,
        );
      }
      expect(JSON.stringify((await ask(id)).body)).not.toMatch(/"rev":"\d+-[0-9a-f]{8,}/);
    }
  });

  it('8: malformed requests get a 4xx, and the server keeps serving', async () => {
    const auth = { authorization: `Bearer ${tokens.ani}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const existing = reportDoc(u('ani'), 'regu-1', REGION);
    await push('reports', tokens.ani!, [{ ...existing, _id: existing.id }]);
    const cases: Array<[string, string, string | undefined]> = [
      ['POST', '/db/reports/_bulk_get', '{}'],
      ['POST', '/db/reports/_bulk_get', '{"docs":[{}]}'],
      ['POST', '/db/reports/_bulk_get', '{"docs":"x"}'],
      ['GET', '/db/events/..?open_revs=all', undefined],
      ['GET', '/db/events/%2e%2e?open_revs=all', undefined],
      ['GET', '/db/events/%2E%2E/_all_dbs', undefined],
      ['GET', `/db/reports/${existing.id}?open_revs=x`, undefined],
      ['GET', '/db/photos/whatever?open_revs=x', undefined],
      ['POST', '/db/reports/_bulk_get', `{"docs":[${deepJson(10_000)}]}`],
      ['POST', '/db/reports/_revs_diff', deepJson(10_000)],
      ['PUT', '/db/reports/_local/checkpoint', deepJson(10_000)],
      ['POST', '/db/reports/_bulk_docs', `{"docs":[{"_id":"${existing.id}","x":${deepJson(10_000)}}]}`],
      ['POST', '/db/photos/_bulk_docs', `{"docs":[${deepJson(10_000)}]}`],
      ['POST', '/api/session', deepJson(10_000)],
      ['PUT', '/db/reports/_local/checkpoint', '[1,2]'],
      ['GET', '/db/reports/_changes?since=../../_all_dbs', undefined],
    ];
    for (const [method, p, body] of cases) {
      const res = await raw(server.url, method, p, { headers: body ? json : auth, body });
      expect({ method, p, status: res.status }).toMatchObject({ status: expect.any(Number) });
      expect(res.status, `${method} ${p} → ${res.status} ${res.text.slice(0, 120)}`).toBeGreaterThanOrEqual(
        400,
      );
      expect(res.status, `${method} ${p} → ${res.status} ${res.text.slice(0, 120)}`).toBeLessThan(500);
    }
    await alive();
  });

  it('9: a disabled account is refused at once, by the next request', async () => {
    await addUser(t, u('fajar'), 'officer', 'kata-sandi-fajar', ['--team', 'regu-1', '--region', REGION]);
    const fajar = (await login(server.url, u('fajar'), 'kata-sandi-fajar')).body.token as string;
    // Warm every cache the server has for this session.
    expect((await api(server.url, 'GET', '/api/session', { token: fajar })).status).toBe(200);
    const off = await api(server.url, 'POST', `/api/users/${u('fajar')}/disable`, { token: tokens.admin });
    expect(off.status).toBe(200);
    expect((await api(server.url, 'GET', '/api/session', { token: fajar })).status).toBeGreaterThanOrEqual(
      401,
    );
    expect(
      (await api(server.url, 'GET', '/db/reports/_changes', { token: fajar })).status,
    ).toBeGreaterThanOrEqual(401);
  });

  it('9: answers only to the names it is known by (DNS rebinding)', async () => {
    const evil = await raw(server.url, 'POST', '/api/session', {
      headers: { host: 'evil.example', origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: u('ani'), password: 'kata-sandi-ani' }),
    });
    expect(evil.status).toBe(421);
    expect(evil.headers['set-cookie']).toBeUndefined();
    const local = await raw(server.url, 'GET', '/api/health', { headers: { host: 'localhost' } });
    expect(local.status).toBe(200);
  });

  // Last: it leaves this address throttled.
  it('4: the login throttle counts guesses before checking them, so a parallel burst cannot race it', async () => {
    await addUser(t, u('sasaran'), 'supervisor', 'kata-sandi-benar', ['--region', REGION]);
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(server.url, u('sasaran'), `tebakan-${i}`)),
    );
    const evaluated = guesses.filter((g) => g.status === 401).length;
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(guesses.filter((g) => g.status === 429).length).toBe(40 - evaluated);
    // The right password, now, is refused too: it cannot ride in on the burst.
    const right = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        login(server.url, u('sasaran'), i === 5 ? 'kata-sandi-benar' : `lagi-${i}`),
      ),
    );
    expect(right.every((r) => r.status === 429)).toBe(true);
  });
});

describe('hostile review (issue 9): behind a TLS proxy', () => {
  let t: TestEnv;
  let server: TestServer;
  beforeAll(async () => {
    t = makeTestEnv({ TERTIB_TRUST_PROXY: 'loopback', TERTIB_HOSTNAMES: 'tertib.satpolpp.example' });
    server = await startServer(t);
    await addUser(t, t.userPrefix + 'ani', 'officer', 'kata-sandi-ani', [
      '--team',
      'regu-1',
      '--region',
      REGION,
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
  });

  it('9: marks the session cookie Secure when the proxy says the client used https', async () => {
    const viaProxy = await raw(server.url, 'POST', '/api/session', {
      headers: {
        host: 'tertib.satpolpp.example',
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '203.0.113.7',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: t.userPrefix + 'ani', password: 'kata-sandi-ani' }),
    });
    expect(viaProxy.status).toBe(200);
    expect(String(viaProxy.headers['set-cookie'])).toMatch(/; Secure/);
    const plain = await login(server.url, t.userPrefix + 'ani', 'kata-sandi-ani');
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});
