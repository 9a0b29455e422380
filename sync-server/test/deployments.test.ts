import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../src/backend/backend';
import { startEmbeddedBackend } from '../src/backend/embedded';
import { couchClient, dbNames } from '../src/couch';
import { SECRET_DOC_ID } from '../src/provision';
import {
  api,
  cleanup,
  externalCouch,
  login,
  makeTestEnv,
  runCli,
  startServer,
  type TestServer,
} from './harness';
import { reportDoc } from './sync-fixtures';

// Issue 9, item 10: two deployments on one CouchDB (TERTIB_DB_PREFIX) share its `_users`. Their accounts
// must never collide, and a server whose secret changed must not leave users logged in but unable to sync.
// Without TEST_COUCHDB_URL the shared CouchDB is an embedded backend started here whose gate lets user
// credentials through to its own check, as a real CouchDB does.

describe('deployments sharing one CouchDB', () => {
  let backend: Backend | null = null;
  let couchUrl: string;
  let backendDir: string;
  const run = crypto.randomBytes(3).toString('hex');
  const prefixes = [`kota1${run}_`, `kota2${run}_`];
  const servers: TestServer[] = [];
  const envs = prefixes.map((prefix) => makeTestEnv({ TERTIB_DB_PREFIX: prefix }));

  beforeAll(async () => {
    if (externalCouch) {
      couchUrl = externalCouch;
    } else {
      backendDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-shared-couch-'));
      backend = await startEmbeddedBackend(backendDir);
      backend.trustUsers?.(() => true);
      couchUrl = backend.adminUrl;
    }
    for (const t of envs) {
      t.env.COUCHDB_URL = couchUrl;
      const seeded = await runCli(t, ['seed-demo']);
      expect(seeded.code, seeded.stderr).toBe(0);
      servers.push(await startServer(t));
    }
  });

  afterAll(async () => {
    for (const s of servers) await s.stop();
    for (const t of envs) cleanup(t);
    await backend?.close();
    if (backendDir) fs.rmSync(backendDir, { recursive: true, force: true });
  });

  it('keeps the same demo names apart: each deployment logs in and syncs its own petugas1', async () => {
    for (const [i, server] of servers.entries()) {
      const session = await login(server.url, 'petugas1', 'tertib-demo');
      expect(session.status).toBe(200);
      const report = reportDoc('petugas1', 'regu-1', 'jakarta-pusat', {
        description: `Laporan deployment ${i}`,
      });
      const pushed = await api(server.url, 'POST', '/db/reports/_bulk_docs', {
        token: session.body.token as string,
        body: { docs: [{ ...report, _id: report.id }] },
      });
      expect(pushed.status).toBe(201);
      expect(pushed.body).toEqual([expect.objectContaining({ id: report.id, ok: true })]);
    }
    const listed = await runCli(envs[0]!, ['user', 'list']);
    expect(listed.stdout).toContain('petugas1');
    expect(listed.stdout).not.toContain('@');
  });

  it('repairs the credentials of users whose server secret changed (a restored DATA_DIR), without a new login', async () => {
    const server = servers[0]!;
    const t = envs[0]!;
    const session = (await login(server.url, 'petugas2', 'tertib-demo')).body.token as string;
    // The secret is replaced, as when a config database from another backup is restored; then a restart.
    const config = couchClient(couchUrl).use<{ _rev?: string; value: string }>(dbNames(prefixes[0]!).config);
    const secret = await config.get(SECRET_DOC_ID);
    await config.insert({ ...secret, value: crypto.randomBytes(32).toString('hex') });
    await server.stop();
    servers[0] = await startServer(t);
    const report = reportDoc('petugas2', 'regu-1', 'jakarta-pusat');
    const pushed = await api(servers[0].url, 'POST', '/db/reports/_bulk_docs', {
      token: session,
      body: { docs: [{ ...report, _id: report.id }] },
    });
    expect(pushed.status).toBe(201);
    expect(pushed.body).toEqual([expect.objectContaining({ id: report.id, ok: true })]);
    // And a fresh login on the new secret syncs too.
    const again = await login(servers[0].url, 'petugas3', 'tertib-demo');
    expect(again.status).toBe(200);
    const other = reportDoc('petugas3', 'regu-2', 'jakarta-pusat');
    const second = await api(servers[0].url, 'POST', '/db/reports/_bulk_docs', {
      token: again.body.token as string,
      body: { docs: [{ ...other, _id: other.id }] },
    });
    expect(second.body).toEqual([expect.objectContaining({ id: other.id, ok: true })]);
  });
});
