import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreasResponse } from '../../domain/api';
import {
  addUser,
  api,
  cleanup,
  login,
  makeTestEnv,
  runCli,
  startServer,
  type TestEnv,
  type TestServer,
} from './harness';

/** A login sent from a chosen loopback source address (the whole 127/8 is loopback on Linux). */
function loginFrom(base: string, localAddress: string, name: string, password: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ name, password });
    const req = http.request(
      `${base}/api/session`,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('accounts, sessions and rate limiting', () => {
  let t: TestEnv;
  let server: TestServer;
  let u: (name: string) => string;

  beforeAll(async () => {
    t = makeTestEnv({
      LOGIN_MAX_FAILURES: '3',
      SESSION_TTL_SECONDS: '3600',
      TERTIB_MAX_PHOTOS: '4',
      TERTIB_TILE_URL: 'https://tiles.example.test/{z}/{x}/{y}.png',
      TERTIB_TILE_ATTRIBUTION: '© Contoh Peta',
    });
    u = (name) => t.userPrefix + name;
    // Accounts made while the server is stopped (the CLI opens the embedded files itself) …
    await addUser(t, u('ani'), 'officer', 'kata-sandi-ani', [
      '--team',
      'regu-1',
      '--region',
      'jakarta-pusat',
    ]);
    server = await startServer(t);
    // … and while it runs (the CLI goes through the running server's backend).
    await addUser(t, u('budi'), 'supervisor', 'kata-sandi-budi', ['--region', 'jakarta-pusat']);
    await addUser(t, u('citra'), 'admin', 'kata-sandi-citra');
    await addUser(t, u('dodi'), 'officer', 'kata-sandi-dodi', [
      '--team',
      'regu-2',
      '--region',
      'jakarta-pusat',
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    cleanup(t);
  });

  it('answers health with the backend kind and version', async () => {
    const res = await api(server.url, 'GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      backend: process.env.TEST_COUCHDB_URL ? 'couchdb' : 'embedded',
    });
    expect(res.body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('logs in with the right password: HttpOnly expiring cookie and a bearer token', async () => {
    const res = await login(server.url, u('ani'), 'kata-sandi-ani');
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({
      name: u('ani'),
      role: 'officer',
      team: 'regu-1',
      region: 'jakarta-pusat',
    });
    expect(typeof res.body.token).toBe('string');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^tertib_session=[A-Za-z0-9_-]+;/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Max-Age=3600/);
    expect(setCookie).toMatch(/SameSite=Lax/);

    const cookie = setCookie.split(';')[0];
    const viaCookie = await api(server.url, 'GET', '/api/session', { cookie });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body.user).toMatchObject({ name: u('ani'), role: 'officer' });
    const viaBearer = await api(server.url, 'GET', '/api/session', { token: res.body.token as string });
    expect(viaBearer.status).toBe(200);

    const out = await api(server.url, 'DELETE', '/api/session', { token: res.body.token as string });
    expect(out.status).toBe(200);
    expect((await api(server.url, 'GET', '/api/session', { token: res.body.token as string })).status).toBe(
      401,
    );
    expect((await api(server.url, 'GET', '/api/session', { cookie })).status).toBe(401);
  });

  it('refuses a wrong password and an unknown name alike, with a clear message', async () => {
    const wrong = await login(server.url, u('budi'), 'salah-sekali');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ ok: false, error: 'invalid_credentials' });
    expect(wrong.body.reason).toMatch(/wrong user name or password/i);
    const unknown = await login(server.url, u('tidak-ada'), 'salah-sekali');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_credentials');
    expect((await api(server.url, 'GET', '/api/session')).status).toBe(401);
  });

  it('rejects malformed and oversized requests with 4xx, and keeps serving', async () => {
    expect((await api(server.url, 'POST', '/api/session', { rawBody: '{"name":' })).status).toBe(400);
    expect((await api(server.url, 'POST', '/api/session', { body: ['x'] })).status).toBe(400);
    expect((await api(server.url, 'POST', '/api/session', { body: { name: 5, password: {} } })).status).toBe(
      400,
    );
    const huge = await api(server.url, 'POST', '/api/session', {
      body: { name: 'x', password: 'y'.repeat(200_000) },
    });
    expect(huge.status).toBe(413);
    expect((await api(server.url, 'GET', '/api/tidak-ada')).status).toBe(404);
    expect((await api(server.url, 'GET', '/api/health')).status).toBe(200);
  });

  it('disables an account: login answers 403 and live sessions end', async () => {
    const ok = await login(server.url, u('dodi'), 'kata-sandi-dodi');
    expect(ok.status).toBe(200);
    const admin = await login(server.url, u('citra'), 'kata-sandi-citra');
    const res = await api(server.url, 'POST', `/api/users/${u('dodi')}/disable`, {
      token: admin.body.token as string,
    });
    expect(res.status).toBe(200);
    const again = await login(server.url, u('dodi'), 'kata-sandi-dodi');
    expect(again.status).toBe(403);
    expect(again.body.error).toBe('account_disabled');
    expect((await api(server.url, 'GET', '/api/session', { token: ok.body.token as string })).status).toBe(
      401,
    );
    // The wrong password for a disabled account still says only "wrong", never "disabled".
    expect((await login(server.url, u('dodi'), 'bukan-sandinya')).status).toBe(401);
  });

  it('disables through the CLI while the server runs', async () => {
    await addUser(t, u('eka'), 'officer', 'kata-sandi-eka', [
      '--team',
      'regu-2',
      '--region',
      'jakarta-pusat',
    ]);
    const res = await runCli(t, ['user', 'disable', u('eka')]);
    expect(res.code).toBe(0);
    expect((await login(server.url, u('eka'), 'kata-sandi-eka')).status).toBe(403);
    const list = await runCli(t, ['user', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${u('eka')}\\s+officer\\s+regu-2\\s+jakarta-pusat\\s+disabled`));
    expect(list.stdout).toMatch(new RegExp(`${u('ani')}\\s+officer\\s+regu-1\\s+jakarta-pusat\\s+active`));
  });

  it('slows down repeated failures from one address without locking out others', async () => {
    const name = u('ani');
    for (let i = 0; i < 3; i++) expect((await login(server.url, name, 'tebakan-salah')).status).toBe(401);
    const blocked = await login(server.url, name, 'kata-sandi-ani');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body.error).toBe('too_many_requests');
    // Another officer behind the same address, and the same officer from another address, still get in.
    expect((await login(server.url, u('budi'), 'kata-sandi-budi')).status).toBe(200);
    expect(await loginFrom(server.url, '127.0.0.2', name, 'kata-sandi-ani')).toBe(200);
  });

  it('serves the categories, seeded from the defaults, to logged-in users', async () => {
    expect((await api(server.url, 'GET', '/api/categories')).status).toBe(401);
    const session = await login(server.url, u('budi'), 'kata-sandi-budi');
    const res = await api(server.url, 'GET', '/api/categories', { token: session.body.token as string });
    expect(res.status).toBe(200);
    const ids = (res.body.categories as Array<{ id: string }>).map((c) => c.id);
    expect(ids).toContain('kesehatan');
    expect(ids.length).toBeGreaterThanOrEqual(10);
    const settings = await api(server.url, 'GET', '/api/capture-settings', {
      token: session.body.token as string,
    });
    expect(settings.body).toEqual({
      ok: true,
      settings: {
        maxPhotos: 4,
        accuracyThresholdM: 50,
        maxImportBytes: 40 * 1024 * 1024,
        tileUrl: 'https://tiles.example.test/{z}/{x}/{y}.png',
        tileAttribution: '© Contoh Peta',
      },
    });
  });

  it("serves the province's kota, kecamatan and kelurahan with Kemendagri codes to logged-in users", async () => {
    expect((await api(server.url, 'GET', '/api/areas')).status).toBe(401);
    const session = await login(server.url, u('budi'), 'kata-sandi-budi');
    const res = await api(server.url, 'GET', '/api/areas', { token: session.body.token as string });
    expect(res.status).toBe(200);
    const body = res.body as unknown as AreasResponse;
    expect(body.province).toEqual({ code: '31', name: 'DKI Jakarta' });
    // DKI Jakarta: five administrative cities and the Thousand Islands regency, 44 kecamatan, 267 kelurahan.
    expect(body.kota.map((k) => k.code)).toEqual(['31.01', '31.71', '31.72', '31.73', '31.74', '31.75']);
    expect(body.kota.find((k) => k.code === '31.71')?.name).toBe('Kota Administrasi Jakarta Pusat');
    expect(body.kecamatan).toHaveLength(44);
    expect(body.kelurahan).toHaveLength(267);
    const kotaCodes = new Set(body.kota.map((k) => k.code));
    const kecamatanCodes = new Set(body.kecamatan.map((k) => k.code));
    expect(
      body.kecamatan.every((k) => kotaCodes.has(k.kotaCode) && k.code.startsWith(k.kotaCode + '.')),
    ).toBe(true);
    expect(
      body.kelurahan.every(
        (k) => kecamatanCodes.has(k.kecamatanCode) && k.code.startsWith(k.kecamatanCode + '.'),
      ),
    ).toBe(true);
    expect(body.kelurahan.find((k) => k.code === '31.71.01.1001')?.name).toBe('Gambir');
  });

  it('lets only admins manage accounts', async () => {
    expect((await api(server.url, 'GET', '/api/users')).status).toBe(401);
    const officer = await login(server.url, u('budi'), 'kata-sandi-budi');
    expect((await api(server.url, 'GET', '/api/users', { token: officer.body.token as string })).status).toBe(
      403,
    );
    const admin = await login(server.url, u('citra'), 'kata-sandi-citra');
    const list = await api(server.url, 'GET', '/api/users', { token: admin.body.token as string });
    expect(list.status).toBe(200);
    const names = (list.body.users as Array<{ name: string }>).map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining([u('ani'), u('budi'), u('citra')]));
    const created = await api(server.url, 'POST', '/api/users', {
      token: admin.body.token as string,
      body: {
        name: u('fajar'),
        password: 'kata-sandi-fajar',
        role: 'officer',
        team: 'regu-2',
        region: 'jakarta-pusat',
      },
    });
    expect(created.status).toBe(201);
    const dup = await api(server.url, 'POST', '/api/users', {
      token: admin.body.token as string,
      body: {
        name: u('fajar'),
        password: 'kata-sandi-fajar',
        role: 'officer',
        team: 'regu-2',
        region: 'jakarta-pusat',
      },
    });
    expect(dup.status).toBe(409);
    const bad = await api(server.url, 'POST', '/api/users', {
      token: admin.body.token as string,
      body: { name: 'X!', password: 'pendek', role: 'raja', team: null, region: null },
    });
    expect(bad.status).toBe(400);
    expect((await login(server.url, u('fajar'), 'kata-sandi-fajar')).status).toBe(200);
  });

  it('allows CORS only for the app origin, and refuses writes from other origins', async () => {
    const pre = await api(server.url, 'OPTIONS', '/api/session', {
      headers: { origin: 'app://tertib', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('app://tertib');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const evil = await api(server.url, 'POST', '/api/session', {
      headers: { origin: 'http://evil.example' },
      body: { name: u('ani'), password: 'kata-sandi-ani' },
    });
    expect(evil.status).toBe(403);
    const read = await api(server.url, 'GET', '/api/health', { headers: { origin: 'http://evil.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('session expiry and restarts', () => {
  it('ends a session at its expiry', async () => {
    const t = makeTestEnv({ SESSION_TTL_SECONDS: '1' });
    await addUser(t, t.userPrefix + 'gita', 'admin', 'kata-sandi-gita');
    const server = await startServer(t);
    try {
      const res = await login(server.url, t.userPrefix + 'gita', 'kata-sandi-gita');
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      const after = await api(server.url, 'GET', '/api/session', { token: res.body.token as string });
      expect(after.status).toBe(401);
      expect(after.body.error).toBe('session_expired');
    } finally {
      await server.stop();
      cleanup(t);
    }
  });

  it('keeps users and sessions across a restart, and shuts down gracefully on SIGTERM', async () => {
    const t = makeTestEnv();
    const name = t.userPrefix + 'hana';
    let server = await startServer(t);
    await addUser(t, name, 'supervisor', 'kata-sandi-hana', ['--region', 'jakarta-pusat']);
    const first = await login(server.url, name, 'kata-sandi-hana');
    expect(first.status).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
    server = await startServer(t);
    try {
      expect(
        (await api(server.url, 'GET', '/api/session', { token: first.body.token as string })).status,
      ).toBe(200);
      expect((await login(server.url, name, 'kata-sandi-hana')).status).toBe(200);
    } finally {
      await server.stop();
      cleanup(t);
    }
  });

  it('refuses a bad configuration with a clear message per value', async () => {
    const t = makeTestEnv({
      PORT: 'delapan',
      SESSION_TTL_SECONDS: '-3',
      COUCHDB_URL: 'ftp://x',
      TERTIB_AREA_PROVINCE: 'DKI',
    });
    const res = await runCli(t, ['serve']);
    expect(res.code).toBe(78);
    expect(res.stderr).toMatch(/TERTIB_AREA_PROVINCE must be a two-digit/);
    expect(res.stderr).toMatch(/PORT must be a whole number/);
    expect(res.stderr).toMatch(/SESSION_TTL_SECONDS/);
    expect(res.stderr).toMatch(/COUCHDB_URL must be http/);
    cleanup(t);
  });

  it('refuses a province code that idn-area-data does not know', async () => {
    const t = makeTestEnv({ TERTIB_AREA_PROVINCE: '99' });
    const res = await runCli(t, ['serve']);
    expect(res.code).toBe(78);
    expect(res.stderr).toMatch(/no province with Kemendagri code "99"/);
    cleanup(t);
  });

  it('rejects bad CLI usage and never takes a password from argv', async () => {
    const t = makeTestEnv();
    const noRole = await runCli(t, ['user', 'add', 'joko']);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toMatch(/--role/);
    const stdinPw = await runCli(t, ['user', 'add', t.userPrefix + 'joko', '--role', 'admin'], {
      input: 'sandi-dari-stdin\n',
    });
    expect(stdinPw.code).toBe(0);
    const short = await runCli(t, ['user', 'add', t.userPrefix + 'kiki', '--role', 'admin'], {
      input: 'pendek\n',
    });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/password must be/);
    const server = await startServer(t);
    try {
      expect((await login(server.url, t.userPrefix + 'joko', 'sandi-dari-stdin')).status).toBe(200);
    } finally {
      await server.stop();
      cleanup(t);
    }
  });
});
