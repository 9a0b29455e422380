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

// Issue 12, found by trying the app as a new officer would: a short screen ("Laporan saya") must start right
// under the navigation, not below an empty band, and follow-up notices must not pile up one per change and
// push the officer's list down the window.

describe('the signed-in shell', () => {
  let t: TestEnv;
  let server: TestServer;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t, ['--web']);
    tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['budi', 'supervisor', ['--region', 'jakarta-pusat']],
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
  });

  it('starts a short screen under the navigation, and sums up follow-up notices in one line', async () => {
    const u = (n: string) => t.userPrefix + n;
    const report = reportDoc(u('ani'), 'regu-1', 'jakarta-pusat', { description: 'Parkir liar di trotoar.' });
    const ref = { id: report.id, author: report.author, team: report.team, region: report.region };
    const write = async (db: 'reports' | 'events', token: string, doc: { id: string }) => {
      const res = await api(server.url, 'POST', `/db/${db}/_bulk_docs`, {
        token,
        body: { docs: [{ ...doc, _id: doc.id }] },
      });
      expect((res.body as unknown as Array<{ ok?: boolean }>)[0]).toMatchObject({ ok: true });
    };
    await write('reports', tokens.ani!, report);

    const { browser, close } = await launchChromium();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await signIn(page, server.url, u('ani'), 'kata-sandi-ani');
      await page.getByRole('link', { name: 'Laporan saya' }).click();
      await page.getByText('Parkir liar di trotoar.').first().waitFor();
      const top = async (selector: string) =>
        page
          .locator(selector)
          .first()
          .evaluate((el) => el.getBoundingClientRect().top);
      const navBottom = await page
        .getByRole('navigation', { name: 'Navigasi utama' })
        .evaluate((el) => el.getBoundingClientRect().bottom);
      const heading = await top('h1.screen-title');
      // main's padding and the (empty) notices' region, not a stretched grid row (it was ~400 px).
      expect(heading - navBottom).toBeLessThan(60);

      // Four changes: one notice (the newest) and a summary of the other three, not four stacked notices.
      await write('events', tokens.budi!, eventDoc('verified', u('budi'), 'supervisor', ref));
      await write(
        'events',
        tokens.budi!,
        eventDoc('disposed', u('budi'), 'supervisor', ref, { unit: 'Satpol PP Kecamatan Menteng' }),
      );
      await write(
        'events',
        tokens.budi!,
        eventDoc('status-changed', u('budi'), 'supervisor', ref, { from: 'disposisi', to: 'dikerjakan' }),
      );
      await write(
        'events',
        tokens.budi!,
        eventDoc('commented', u('budi'), 'supervisor', ref, { text: 'Mohon foto tambahan.' }),
      );
      const summary = page.getByTestId('follow-up-summary');
      await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toContain('3 pembaruan lain');
      expect(await page.getByTestId('follow-up-notice').count()).toBe(1);
      expect((await top('h1.screen-title')) - heading).toBeLessThan(110);

      // The whole list on request, and gone in one click.
      await summary.getByRole('button', { name: 'Lihat semua' }).click();
      expect(await page.getByTestId('follow-up-notice').count()).toBe(4);
      await summary.getByRole('button', { name: 'Tutup semua' }).click();
      expect(await page.getByTestId('follow-up-notice').count()).toBe(0);
      expect((await top('h1.screen-title')) - navBottom).toBeLessThan(60);
    } finally {
      await close();
    }
  });
});
