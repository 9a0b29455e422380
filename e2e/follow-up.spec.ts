import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUsersAndLogIn,
  api,
  cleanup,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
} from '../sync-server/test/harness';
import { eventDoc, reportDoc } from '../sync-server/test/sync-fixtures';
import { signIn } from './support/app-flows';
import { launchChromium } from './support/browser';

// The officer's side of follow-up, against a real server: what a supervisor does to a report reaches its
// author live as a notice and a notification; an assignment reaches the assigned team's officer as a task,
// even for another team's report (read whole from /api/cases), and leaves it when reassigned.

/** Records what the app asks the web Notification API to show (the real constructor still runs). */
function recordNotifications(): void {
  const shown: Array<{ title: string; body: string }> = [];
  (window as unknown as { __notifications: typeof shown }).__notifications = shown;
  const Real = window.Notification;
  class Recording extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      shown.push({ title, body: options?.body ?? '' });
    }
  }
  Object.defineProperty(window, 'Notification', { value: Recording, configurable: true, writable: true });
}

const notifications = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { __notifications: Array<{ title: string; body: string }> }).__notifications,
  );

const taskStatuses = (page: Page) =>
  page.getByTestId('task-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));

describe('follow-up for officers in Chromium', () => {
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
  });

  it('tells the author what happens to the report, and gives the assigned team a task that follows reassignment', async () => {
    // A server of its own per attempt, so a retry starts from nothing.
    const t: TestEnv = makeTestEnv();
    const server: TestServer = await startServer(t, ['--web']);
    const tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['dodi', 'officer', ['--team', 'regu-2', '--region', 'jakarta-pusat']],
      ['budi', 'supervisor', ['--region', 'jakarta-pusat']],
    ]);
    const u = (n: string) => t.userPrefix + n;
    const report = reportDoc(u('ani'), 'regu-1', 'jakarta-pusat', {
      description: 'PKL menutup trotoar di Jalan Kebon Sirih.',
    });
    const ref = { id: report.id, author: report.author, team: report.team, region: report.region };
    const write = async (db: 'reports' | 'events', token: string, doc: { id: string; at?: string }) => {
      const res = await api(server.url, 'POST', `/db/${db}/_bulk_docs`, {
        token,
        body: { docs: [{ ...doc, _id: doc.id }] },
      });
      expect((res.body as unknown as Array<{ ok?: boolean }>)[0]).toMatchObject({ ok: true });
    };
    await write('reports', tokens.ani!, report);

    const contexts: BrowserContext[] = [];
    try {
      const open = async (name: string) => {
        const context = await browser.newContext({ permissions: ['notifications'] });
        contexts.push(context);
        await context.addInitScript(recordNotifications);
        const page = await context.newPage();
        await signIn(page, server.url, u(name), `kata-sandi-${name}`);
        return page;
      };
      const ani = await open('ani');
      const dodi = await open('dodi');
      await dodi.getByRole('link', { name: 'Tugas' }).click();
      await dodi.getByTestId('tasks-empty').waitFor();
      await ani.getByRole('link', { name: 'Laporan saya' }).click();
      await ani.getByText('PKL menutup trotoar di Jalan Kebon Sirih.').first().waitFor();

      // The supervisor verifies: the author hears of it.
      await write('events', tokens.budi!, eventDoc('verified', u('budi'), 'supervisor', ref));
      const verified = ani
        .getByTestId('follow-up-notice')
        .filter({ hasText: `Diverifikasi oleh ${u('budi')}` });
      await verified.waitFor();
      await expect
        .poll(() => notifications(ani))
        .toContainEqual({
          title: 'Laporan Anda: Pedagang Kaki Lima di Trotoar',
          body: `Diverifikasi oleh ${u('budi')}.`,
        });

      // Dispatched and assigned to regu-2: dodi, of another team, gets a task with the whole report.
      await write(
        'events',
        tokens.budi!,
        eventDoc('disposed', u('budi'), 'supervisor', ref, { unit: 'Satpol PP Kecamatan Menteng' }),
      );
      await write(
        'events',
        tokens.budi!,
        eventDoc('assigned', u('budi'), 'supervisor', ref, { assignedTeam: 'regu-2', assignedOfficer: null }),
      );
      const task = dodi.getByTestId('task-item');
      await task.waitFor();
      await expect.poll(() => task.innerText()).toContain('PKL menutup trotoar di Jalan Kebon Sirih.');
      await expect.poll(() => taskStatuses(dodi)).toEqual(['disposisi']);
      await expect
        .poll(() => notifications(dodi))
        .toContainEqual(
          expect.objectContaining({ body: `${u('budi')} menugaskan tindak lanjut kepada regu-2.` }),
        );
      // The officer does not hear of the assignment to another team as news about their own report... but
      // does hear the dispatch.
      await expect
        .poll(() => notifications(ani))
        .toContainEqual(expect.objectContaining({ body: 'Didisposisikan ke Satpol PP Kecamatan Menteng.' }));

      // Work starts: the task's status follows live.
      await write(
        'events',
        tokens.budi!,
        eventDoc('status-changed', u('budi'), 'supervisor', ref, { from: 'disposisi', to: 'dikerjakan' }),
      );
      await expect.poll(() => taskStatuses(dodi)).toEqual(['dikerjakan']);
      // The task opens the case, read whole from the server: the report and its whole timeline, from before
      // the assignment too.
      await task.getByRole('link').first().click();
      const caseView = dodi.getByTestId('case');
      await expect.poll(() => caseView.getAttribute('data-status')).toBe('dikerjakan');
      await expect.poll(() => caseView.innerText()).toContain('PKL menutup trotoar di Jalan Kebon Sirih.');
      await expect.poll(() => caseView.innerText()).toContain('Satpol PP Kecamatan Menteng');
      await dodi
        .getByRole('navigation', { name: 'Navigasi utama' })
        .getByRole('link', { name: 'Tugas' })
        .click();
      await expect
        .poll(() => notifications(ani))
        .toContainEqual(expect.objectContaining({ body: 'Status sekarang Dikerjakan.' }));

      // Reassigned to regu-1: the task leaves dodi's list.
      await write('events', tokens.budi!, {
        ...eventDoc('assigned', u('budi'), 'supervisor', ref, {
          assignedTeam: 'regu-1',
          assignedOfficer: null,
        }),
        at: new Date(Date.now() + 1000).toISOString(),
      });
      await dodi.getByTestId('tasks-empty').waitFor();

      // A notice opens its case. The older ones wait behind the one-line summary (issue 12): open it first.
      await ani.getByTestId('follow-up-summary').getByRole('button', { name: 'Lihat semua' }).click();
      await verified.getByRole('link').click();
      await expect.poll(() => ani.evaluate(() => window.location.hash)).toBe(`#/kasus/${report.id}`);
      await expect.poll(() => ani.getByTestId('case').getAttribute('data-status')).toBe('dikerjakan');
    } finally {
      for (const context of contexts) await context.close();
      await server.stop();
      cleanup(t);
    }
  });
});
