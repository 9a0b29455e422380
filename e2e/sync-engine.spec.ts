import crypto from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../domain/report';
import { aReport } from '../domain/test-fixtures';
import {
  addUsersAndLogIn,
  api,
  cleanup,
  login,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
  until as untilWithin,
} from '../sync-server/test/harness';
import { reportDoc } from '../sync-server/test/sync-fixtures';
import { launchChromium } from './support/browser';

/** Chromium work on a loaded machine: this file waits up to 30 s by default. */
const until = <T>(fn: () => Promise<T | null | undefined | false>, what: string, ms = 30_000): Promise<T> =>
  untilWithin(fn, what, ms);
import { labRoot, syncLab } from './support/lab';
import { serveStatic } from './support/static-server';

// The renderer's sync engine in real Chromium (real RxDB on IndexedDB, real PouchDB vault, real photos from
// processPhoto) against a real sync-server on another origin, as the desktop app talks to it: bearer token,
// no cookies, CORS.

// The lab's shapes, restated: importing the renderer's modules here would type-check them under Node types.
interface LabRequest {
  method: string;
  path: string;
  status: number;
}

interface SyncStatus {
  phase: 'idle' | 'syncing' | 'offline' | 'error' | 'auth-required';
  pendingReports: number;
  pendingPhotos: number;
  pendingBytes: number;
  progress: { done: number; total: number } | null;
  lastConfirmedAt: string | null;
  error: string | null;
}

interface LocalReportJson {
  report: Report;
  sync: string;
  rejectionReason: string | null;
}

const lab = syncLab;

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

describe('sync engine in Chromium against the gateway', () => {
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let statics: Awaited<ReturnType<typeof serveStatic>>;
  let context: BrowserContext;
  let page: Page;
  let t: TestEnv;
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const u = (n: string) => t.userPrefix + n;

  const aniReport = (over: Partial<Report> = {}): Report =>
    aReport({
      id: crypto.randomUUID(),
      author: u('ani'),
      team: 'regu-1',
      region: 'jakarta-pusat',
      createdAt: new Date().toISOString(),
      ...over,
    });
  const state = (id: string) => lab<LocalReportJson | null>(page, 'get', id);
  const settles = (id: string, sync: string) =>
    until(async () => {
      const r = await state(id);
      return r?.sync === sync ? r : null;
    }, `report ${id} to be ${sync}`);
  const reportPushes = async () =>
    (await lab<LabRequest[]>(page, 'requests')).filter(
      (r) => r.method === 'POST' && r.path.startsWith('/db/reports/_bulk_docs'),
    ).length;

  beforeAll(async () => {
    ({ browser, close: closeBrowser } = await launchChromium());
    // The lab's origin must be known before the server starts: it is the one origin CORS allows.
    statics = await serveStatic(labRoot);
    t = makeTestEnv({ TERTIB_ALLOWED_ORIGINS: statics.origin });
    server = await startServer(t);
    const people: Array<[string, string, string[]]> = [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['eko', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['budi', 'supervisor', ['--region', 'jakarta-pusat']],
    ];
    Object.assign(tokens, await addUsersAndLogIn(t, server, people));
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(statics.origin + '/index.html');
    await page.waitForFunction(
      () => (window as unknown as { tertibLabReady?: boolean }).tertibLabReady === true,
    );
    await lab(page, 'open', server.url, u('ani'), tokens.ani);
  });

  afterAll(async () => {
    await page?.evaluate(() =>
      (window as unknown as { tertibLab: { sync: { close(): Promise<void> } } }).tertibLab.sync.close(),
    );
    await context?.close();
    await statics?.close();
    await closeBrowser?.();
    await server?.stop();
    if (t) cleanup(t);
  });

  it('sends a report and its photos; "terkirim" only once the server has receipts for every photo', async () => {
    const report = aniReport();
    const shas = await lab<string[]>(page, 'saveWithPhotos', report, 2, 1);
    expect(shas).toHaveLength(2);
    expect((await state(report.id))?.sync).toBe('pending');
    await lab(page, 'startEngine');

    const done = await settles(report.id, 'confirmed');
    expect(await lab<string[]>(page, 'transitions', report.id)).toEqual(['pending', 'sending', 'confirmed']);
    expect(await lab<string[]>(page, 'receipts')).toEqual(expect.arrayContaining(shas));
    expect(done.report.photos.map((p) => p.sha256)).toEqual(shas);

    // On the server, as the supervisor of the region sees it.
    const stored = await api(server.url, 'GET', `/db/reports/${report.id}`, { token: tokens.budi });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ _id: report.id, author: u('ani'), description: report.description });
    for (const sha of shas) {
      const res = await fetch(`${server.url}/db/photos/photo:${sha}/photo.jpg`, {
        headers: { authorization: `Bearer ${tokens.budi}` },
      });
      expect(res.status).toBe(200);
      expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha);
    }
    const status = await until(async () => {
      const s = await lab<SyncStatus | null>(page, 'status');
      return s?.phase === 'idle' && s.pendingReports === 0 ? s : null;
    }, 'the engine to be idle');
    expect(status).toMatchObject({ pendingPhotos: 0, pendingBytes: 0, progress: null, error: null });
    expect(Date.parse(status.lastConfirmedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(await lab<number>(page, 'unsentCount')).toBe(0);
    // Cross-origin as Electron: every sync request carried the bearer token, none was refused.
    const requests = await lab<LabRequest[]>(page, 'requests');
    expect(requests.filter((r) => r.status === 401)).toEqual([]);
    // Photos go as raw JPEG bytes (no base64 inside JSON), each once, after asking what the server holds.
    expect(requests.some((r) => r.method === 'POST' && r.path === '/db/photos/_held')).toBe(true);
    const puts = requests.filter((r) => r.method === 'PUT' && r.path.split('?')[0]!.endsWith('/photo.jpg'));
    expect(puts.map((r) => r.path.split('/')[3]).sort()).toEqual(shas.map((sha) => `photo:${sha}`).sort());
    expect(puts.every((r) => r.status === 201)).toBe(true);
    expect(requests.some((r) => r.path.startsWith('/db/photos/_bulk_docs'))).toBe(false);
  });

  it("pulls a team mate's report live, as already on the server (not unsent)", async () => {
    const doc = reportDoc(u('eko'), 'regu-1', 'jakarta-pusat');
    const push = await api(server.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.eko,
      body: { docs: [{ ...doc, _id: doc.id }] },
    });
    expect((push.body as unknown as Array<{ ok?: boolean }>)[0]?.ok).toBe(true);
    const pulled = await settles(doc.id, 'confirmed');
    expect(pulled.report.author).toBe(u('eko'));
    expect(await lab<number>(page, 'unsentCount')).toBe(0);
  });

  it('stops sending a report the server refuses, shows why, and sends it again once corrected', async () => {
    const report = aniReport({ categoryId: 'kategori-pensiun' });
    await lab(page, 'saveWithPhotos', report, 1, 2);
    const rejected = await settles(report.id, 'rejected');
    expect(rejected.rejectionReason).toMatch(/category/i);
    // Bounded: RxDB would retry a refused document forever; here it is pushed once and left alone.
    const pushes = await reportPushes();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await reportPushes()).toBe(pushes);
    expect(pushes).toBeLessThanOrEqual(3);
    expect((await api(server.url, 'GET', `/db/reports/${report.id}`, { token: tokens.budi })).status).toBe(
      404,
    );
    expect(await lab<number>(page, 'unsentCount')).toBe(1);

    await lab(page, 'correct', report.id, {
      categoryId: 'pkl-trotoar',
      description: 'PKL di trotoar (diperbaiki)',
    });
    expect((await state(report.id))?.sync).not.toBe('rejected');
    const fixed = await settles(report.id, 'confirmed');
    expect(fixed.rejectionReason).toBeNull();
    const stored = await api(server.url, 'GET', `/db/reports/${report.id}`, { token: tokens.budi });
    expect(stored.body).toMatchObject({
      categoryId: 'pkl-trotoar',
      description: 'PKL di trotoar (diperbaiki)',
    });
    expect(await lab<string[]>(page, 'transitions', report.id)).toEqual([
      'pending',
      'rejected',
      'pending',
      'sending',
      'confirmed',
    ]);
  });

  it('pauses on an ended session (auth-required), keeps the work, and resumes after a new sign-in', async () => {
    const out = await api(server.url, 'DELETE', '/api/session', { token: tokens.ani });
    expect(out.status).toBeLessThan(300);
    const report = aniReport();
    await lab(page, 'saveWithPhotos', report, 1, 3);
    await until(
      async () => (await lab<SyncStatus | null>(page, 'status'))?.phase === 'auth-required',
      'auth-required',
    );
    const before = (await lab<LabRequest[]>(page, 'requests')).length;
    await new Promise((r) => setTimeout(r, 2_000));
    // Paused: no retries while the session is gone; the report waits on the device.
    expect((await lab<LabRequest[]>(page, 'requests')).length).toBe(before);
    expect((await state(report.id))?.sync).toBe('pending');

    tokens.ani = (await login(server.url, u('ani'), 'kata-sandi-ani')).body.token as string;
    await lab(page, 'setToken', tokens.ani);
    await lab(page, 'retry');
    await settles(report.id, 'confirmed');
    expect((await lab<SyncStatus | null>(page, 'status'))?.phase).not.toBe('auth-required');
    expect(await lab<number>(page, 'unsentCount')).toBe(0);
  });
});
