import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { couchClient, dbNames, type Couch } from '../src/couch';
import { provision, reportsDesignDoc, SECRET_DOC_ID } from '../src/provision';
import { UserStore } from '../src/users';
import {
  addUser,
  cleanup,
  externalCouch,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
} from './harness';

/** The backend behind a running test server, as its admin. Tests only: clients never get this. */
function backendAdmin(t: TestEnv): { baseUrl: string; adminUrl: string } {
  if (externalCouch) {
    const u = new URL(externalCouch);
    const adminUrl = externalCouch.replace(/\/$/, '');
    u.username = '';
    u.password = '';
    return { baseUrl: u.toString().replace(/\/$/, ''), adminUrl };
  }
  const note = JSON.parse(fs.readFileSync(path.join(t.dataDir, 'server.json'), 'utf8')) as {
    backendUrl: string;
  };
  const admin = JSON.parse(fs.readFileSync(path.join(t.dataDir, 'embedded-admin.json'), 'utf8')) as {
    name: string;
    password: string;
  };
  const u = new URL(note.backendUrl);
  u.username = admin.name;
  u.password = admin.password;
  return { baseUrl: note.backendUrl, adminUrl: u.toString().replace(/\/$/, '') };
}

const ULID_CHARS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function ulid(): string {
  let s = '01';
  for (let i = 0; i < 24; i++) s += ULID_CHARS[Math.floor(Math.random() * 32)];
  return s;
}

describe('provisioning and validate_doc_update acting as the real user', () => {
  let t: TestEnv;
  let server: TestServer;
  let admin: Couch;
  let baseUrl: string;
  let store: UserStore;
  let names: ReturnType<typeof dbNames>;
  const u = (n: string) => t.userPrefix + n;

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t);
    await addUser(t, u('ani'), 'officer', 'kata-sandi-ani', [
      '--team',
      'regu-1',
      '--region',
      'jakarta-pusat',
    ]);
    await addUser(t, u('budi'), 'supervisor', 'kata-sandi-budi', ['--region', 'jakarta-pusat']);
    const b = backendAdmin(t);
    baseUrl = b.baseUrl;
    admin = couchClient(b.adminUrl);
    names = dbNames(t.env.TERTIB_DB_PREFIX ?? '');
    const secret = (await admin.use<{ value: string }>(names.config).get(SECRET_DOC_ID)).value;
    store = new UserStore(admin, secret, names.prefix);
  });

  afterAll(async () => {
    await server?.stop();
    cleanup(t);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const again = await provision(admin, names);
    expect(again).toEqual({ created: [], updated: [] });
    const security = (await admin.request({ db: names.reports, path: '_security' })) as Record<
      string,
      unknown
    >;
    expect(security.members).toEqual({ names: [], roles: ['officer', 'supervisor', 'admin'] });
    const sessionsSecurity = (await admin.request({ db: names.sessions, path: '_security' })) as Record<
      string,
      unknown
    >;
    expect(sessionsSecurity.members).toEqual({ names: [], roles: ['_admin'] });
    const ddoc = (await admin.use(names.reports).get('_design/tertib')) as unknown as Record<string, unknown>;
    expect(ddoc.validate_doc_update).toBe(reportsDesignDoc(names.prefix).validate_doc_update);
  });

  it('never lets a client read server-only databases, even with a valid user credential', async () => {
    const asOfficer = couchClient(
      withUser(baseUrl, store.couchName(u('ani')), store.backendPassword(u('ani'))),
    );
    await expect(asOfficer.use(names.sessions).list()).rejects.toMatchObject({
      statusCode: expect.any(Number),
    });
    await expect(asOfficer.use(names.config).get(SECRET_DOC_ID)).rejects.toBeTruthy();
  });

  function withUser(base: string, name: string, password: string): string {
    const x = new URL(base);
    x.username = encodeURIComponent(name);
    x.password = encodeURIComponent(password);
    return x.toString().replace(/\/$/, '');
  }

  function report(author: string, team: string | null) {
    const id = ulid();
    const now = new Date().toISOString();
    return {
      _id: id,
      type: 'report',
      id,
      categoryId: 'pkl-trotoar',
      description: 'Pedagang kaki lima menutup trotoar di depan halte.',
      location: { lat: -6.1754, lng: 106.8272, accuracyM: 12, source: 'device', fixedAt: now },
      capturedAt: now,
      createdAt: now,
      photos: [{ sha256: 'a'.repeat(64), bytes: 123456, width: 1920, height: 1440 }],
      author,
      team,
      region: 'jakarta-pusat',
      deviceId: 'device-1',
      appVersion: '0.1.0',
      schemaVersion: 1,
    };
  }

  function event(
    kind: string,
    actor: string,
    actorRole: string,
    reportId: string,
    extra: Record<string, unknown>,
  ) {
    const id = ulid();
    return {
      _id: id,
      type: 'event',
      id,
      kind,
      reportId,
      actor,
      actorRole,
      at: new Date().toISOString(),
      reportAuthor: u('ani'),
      reportTeam: 'regu-1',
      reportRegion: 'jakarta-pusat',
      ...extra,
    };
  }

  it('accepts what the acting user may write and rejects what their role forbids', async () => {
    const officer = couchClient(
      withUser(baseUrl, store.couchName(u('ani')), store.backendPassword(u('ani'))),
    ).use<Record<string, unknown>>(names.reports);
    const supervisor = couchClient(
      withUser(baseUrl, store.couchName(u('budi')), store.backendPassword(u('budi'))),
    ).use(names.reports);

    const mine = report(u('ani'), 'regu-1');
    await expect(officer.insert(mine)).resolves.toMatchObject({ ok: true });

    // Forging another author, filing into another team, changing a status: all refused by CouchDB itself.
    await expect(officer.insert(report(u('budi'), 'regu-1'))).rejects.toMatchObject({
      statusCode: 403,
      error: 'forbidden',
    });
    await expect(officer.insert(report(u('ani'), 'regu-2'))).rejects.toMatchObject({ statusCode: 403 });
    const statusByOfficer = event('status-changed', u('ani'), 'officer', mine.id, {
      from: 'menunggu',
      to: 'selesai',
    });
    await expect(officer.insert(statusByOfficer)).rejects.toMatchObject({
      statusCode: 403,
      error: 'forbidden',
    });
    // Claiming a role one does not have is refused too.
    const fakeRole = event('verified', u('ani'), 'supervisor', mine.id, {});
    await expect(officer.insert(fakeRole)).rejects.toMatchObject({ statusCode: 403 });

    // The supervisor may verify; nobody may edit a submitted report.
    await expect(
      supervisor.insert(event('verified', u('budi'), 'supervisor', mine.id, {})),
    ).resolves.toMatchObject({
      ok: true,
    });
    const stored = await officer.get(mine._id);
    await expect(officer.insert({ ...stored, description: 'diubah setelah dikirim' })).rejects.toMatchObject({
      statusCode: 403,
    });
    // A wrong credential is not a user at all.
    const stranger = couchClient(withUser(baseUrl, store.couchName(u('ani')), 'bukan-kredensial')).use(
      names.reports,
    );
    await expect(stranger.insert(report(u('ani'), 'regu-1'))).rejects.toMatchObject({ statusCode: 401 });
  });
});
