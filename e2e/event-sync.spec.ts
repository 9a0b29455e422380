import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUsersAndLogIn,
  api,
  cleanup,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
  until,
} from '../sync-server/test/harness';
import { eventDoc, reportDoc } from '../sync-server/test/sync-fixtures';
import { launchChromium } from './support/browser';
import { aReport } from '../domain/test-fixtures';
import { labRoot, syncLab } from './support/lab';
import { serveStatic } from './support/static-server';

// Events written on a supervisor's device (the case screen's actions) through the real sync engine in
// Chromium: a step the server refuses becomes `refused` with its reason — never pending forever, never
// retried, never folded into the status — and the engine goes on sending the next ones.

interface CaseJson {
  status: string;
  verified: boolean;
  events: Array<{ id: string; kind: string; sync: string; reason: string | null }>;
}

const lab = syncLab;

describe('own events through the sync engine', () => {
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let statics: Awaited<ReturnType<typeof serveStatic>>;
  let page: Page;
  let t: TestEnv;
  let server: TestServer;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    ({ browser, close: closeBrowser } = await launchChromium());
    statics = await serveStatic(labRoot);
    t = makeTestEnv({ TERTIB_ALLOWED_ORIGINS: statics.origin });
    server = await startServer(t);
    Object.assign(
      tokens,
      await addUsersAndLogIn(t, server, [
        ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
        ['budi', 'supervisor', ['--region', 'jakarta-pusat']],
      ]),
    );
    page = await (await browser.newContext()).newPage();
    await page.goto(statics.origin + '/index.html');
    await page.waitForFunction(
      () => (window as unknown as { tertibLabReady?: boolean }).tertibLabReady === true,
    );
  });

  afterAll(async () => {
    await page?.evaluate(() =>
      (window as unknown as { tertibLab: { sync: { close(): Promise<void> } } }).tertibLab.sync.close(),
    );
    await statics?.close();
    await closeBrowser?.();
    await server?.stop();
    if (t) cleanup(t);
  });

  it('marks a refused event refused with the reason, sends the legal ones, and keeps going', async () => {
    const u = (n: string) => t.userPrefix + n;
    const filed = reportDoc(u('ani'), 'regu-1', 'jakarta-pusat');
    await api(server.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.ani,
      body: { docs: [{ ...filed, _id: filed.id }] },
    });
    const report = { id: filed.id, author: u('ani'), team: 'regu-1', region: 'jakarta-pusat' };
    const by = (kind: string, extra: Record<string, unknown> = {}) =>
      eventDoc(kind, u('budi'), 'supervisor', report, extra);

    await lab(page, 'open', server.url, u('budi'), tokens.budi);
    await lab(page, 'startEngine');
    const view = () => lab<CaseJson | null>(page, 'caseView', filed.id);
    await until(view, 'the report to arrive on the supervisor’s device', 30_000);

    // A step the status machine forbids (as a buggy or outdated client might write it), and a legal one.
    const skip = by('status-changed', { from: 'menunggu', to: 'selesai', note: 'Selesai' });
    const verify = by('verified');
    await lab(page, 'addEvent', skip);
    await lab(page, 'addEvent', verify);
    const settled = await until(
      async () => {
        const v = await view();
        return v && v.events.every((e) => e.sync !== 'pending') && v.events.length === 2 ? v : null;
      },
      'both events to be answered',
      30_000,
    );
    const byId = new Map(settled.events.map((e) => [e.id, e]));
    expect(byId.get(skip.id)).toMatchObject({ sync: 'refused' });
    expect(byId.get(skip.id)?.reason).toMatch(/may not change a report from menunggu to selesai/);
    expect(byId.get(verify.id)).toMatchObject({ sync: 'sent', reason: null });
    expect(settled).toMatchObject({ status: 'menunggu', verified: true });

    // Not retried: the server holds only the legal event. And the engine goes on with the next one.
    const dispose = by('disposed', { unit: 'Satpol PP Kec. Gambir' });
    await lab(page, 'addEvent', dispose);
    const after = await until(
      async () => {
        const v = await view();
        return v?.events.find((e) => e.id === dispose.id)?.sync === 'sent' ? v : null;
      },
      'the next event to be sent',
      30_000,
    );
    expect(after.status).toBe('disposisi');
    const onServer = await api(server.url, 'GET', '/db/events/_changes?since=0', { token: tokens.budi });
    const ids = (onServer.body.results as Array<{ id: string }>).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([verify.id, dispose.id]));
    expect(ids).not.toContain(skip.id);
  });

  it('keeps an event whose report the server refused, and sends it once the report is corrected and accepted', async () => {
    const u = (n: string) => t.userPrefix + n;
    await lab(page, 'stopEngine');
    await lab(page, 'open', server.url, u('ani'), tokens.ani);
    // A report with a retired category: the server refuses it; the officer's comment on it must wait, not die.
    const report = aReport({
      id: crypto.randomUUID(),
      author: u('ani'),
      team: 'regu-1',
      region: 'jakarta-pusat',
      createdAt: new Date().toISOString(),
      categoryId: 'kategori-pensiun',
    });
    await lab(page, 'saveWithPhotos', report, 1, 7);
    const comment = eventDoc(
      'commented',
      u('ani'),
      'officer',
      { id: report.id, author: report.author, team: report.team, region: report.region },
      { text: 'Pedagang sudah diberi teguran lisan.' },
    );
    await lab(page, 'addEvent', comment);
    await lab(page, 'startEngine');
    const view = () => lab<CaseJson | null>(page, 'caseView', report.id);
    const waiting = await until(
      async () => {
        const v = await view();
        const e = v?.events.find((x) => x.id === comment.id);
        return e && (await lab<{ sync: string } | null>(page, 'get', report.id))?.sync === 'rejected'
          ? e
          : null;
      },
      'the report to be refused',
      30_000,
    );
    // Refused report, deferred comment: still pending, never refused for good.
    expect(waiting.sync).toBe('pending');
    const onServer = async () =>
      (
        (await api(server.url, 'GET', '/db/events/_changes?since=0', { token: tokens.ani })).body
          .results as Array<{
          id: string;
        }>
      ).map((r) => r.id);
    expect(await onServer()).not.toContain(comment.id);

    await lab(page, 'correct', report.id, { categoryId: 'pkl-trotoar' });
    await lab(page, 'retry');
    await until(
      async () => (await view())?.events.find((x) => x.id === comment.id)?.sync === 'sent',
      'the comment to be sent after the correction',
      60_000,
    );
    expect(await onServer()).toContain(comment.id);
  });
});
