import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserContext } from '../../domain/users';
import type { Backend } from '../src/backend/backend';
import { startEmbeddedBackend } from '../src/backend/embedded';
import { canReadReportsDoc, reportsFeedSelector } from '../src/sync/access';
import { type BackendHttp, backendHttp } from '../src/sync/backend-http';
import { readChanges } from '../src/sync/changes-route';
import type { ChangesFollower } from '../src/sync/changes-follower';
import { externalCouch } from './harness';
import { reportDoc } from './sync-fixtures';

// Issue 9, item 5: an officer who may read none of 3 001 reports asked `_changes?since=0&limit=1` and the
// gateway read all 3 001 from the backend, one backend request per row (24 s of server work). What the
// gateway takes from the backend must follow what the user may see. Counted here, not timed: the rows and
// requests that cross from the backend to the gateway, against the real backend.

describe('the cost of a filtered _changes read', () => {
  let backend: Backend | null = null;
  let dir = '';
  let adminUrl: string;
  const db = `cost${crypto.randomBytes(3).toString('hex')}_reports`;
  const counted = { requests: 0, rows: 0 };

  /** The gateway's backend client, counting what crosses. */
  function counting(inner: BackendHttp): BackendHttp {
    return {
      admin: async (p, init) => {
        const res = await inner.admin(p, init);
        if (!p.includes('/_changes')) return res;
        counted.requests++;
        const body = (await res.json()) as { results: unknown[] };
        counted.rows += body.results.length;
        return new Response(JSON.stringify(body), { status: res.status });
      },
      asUser: inner.asUser,
    };
  }

  beforeAll(async () => {
    if (externalCouch) adminUrl = externalCouch;
    else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-cost-'));
      backend = await startEmbeddedBackend(dir);
      adminUrl = backend.adminUrl;
    }
    const http = backendHttp(adminUrl);
    expect((await http.admin(db, { method: 'PUT' })).status).toBe(201);
    // 3 001 reports of regu-1, written as the admin in a few bulk requests.
    const docs = Array.from({ length: 3001 }, (_, i) => {
      const r = reportDoc(`petugas${i % 7}`, 'regu-1', 'jakarta-pusat');
      return { ...r, _id: r.id };
    });
    for (let i = 0; i < docs.length; i += 500) {
      const res = await http.admin(`${db}/_bulk_docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ docs: docs.slice(i, i + 500) }),
      });
      expect(res.status).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    await backendHttp(adminUrl).admin(db, { method: 'DELETE' });
    await backend?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const context = (user: UserContext) => ({
    http: counting(backendHttp(adminUrl)),
    backendDb: db,
    clientDb: 'reports',
    follower: null as unknown as ChangesFollower, // readChanges never touches the follower
    canRead: (u: UserContext, doc: Record<string, unknown> | undefined) => canReadReportsDoc(u, doc),
    selector: reportsFeedSelector(user, 'report'),
    sessionStands: async () => true,
    watchSession: () => () => undefined,
  });

  it('costs one backend request and no rows for an officer who may read none of them', async () => {
    const stranger: UserContext = { name: 'rudi', role: 'officer', team: 'regu-2', region: 'jakarta-pusat' };
    counted.requests = counted.rows = 0;
    const page = await readChanges(context(stranger), stranger, '0', 1, 'main_only', true);
    expect(page.results).toEqual([]);
    expect(counted).toEqual({ requests: 1, rows: 0 });
  });

  it('reads only the rows an officer may see, and fills the page with them', async () => {
    const author: UserContext = {
      name: 'petugas3',
      role: 'officer',
      team: 'regu-9',
      region: 'jakarta-pusat',
    };
    counted.requests = counted.rows = 0;
    const page = await readChanges(context(author), author, '0', 100, 'main_only', true);
    // petugas3 wrote every 7th report: 429 of them; the page holds 100, all theirs.
    expect(page.results).toHaveLength(100);
    expect(page.results.every((r) => r.doc?.author === 'petugas3')).toBe(true);
    expect(counted.requests).toBe(1);
    expect(counted.rows).toBe(100);
  });
});
