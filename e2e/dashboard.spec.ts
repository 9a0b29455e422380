import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsResponse } from '../domain/api';
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
import {
  expectedStats,
  seedStats,
  STATS_PEOPLE,
  wibDaysAgo,
  type Seeded,
} from '../sync-server/test/stats-fixtures';
import { signIn, unlockWithPassword } from './support/app-flows';
import { launchChromium } from './support/browser';

// The supervisor's dashboard in Chromium against a real server with a seeded data set: every number in
// the figures' tables equals a direct count over the seeded reports; offline, the dashboard shows the last
// figures it had, with their time.

/** `{key: count}` of a figure's table, as the page shows it. */
async function tableCounts(page: Page, id: string): Promise<Record<string, number>> {
  return page.getByTestId(`table-${id}`).evaluate((table) => {
    const out: Record<string, number> = {};
    for (const row of Array.from(table.querySelectorAll('tbody tr[data-key]'))) {
      const text = row.querySelector('[data-testid="count"]')?.textContent ?? '';
      const n = Number(text.replace(/\./g, ''));
      if (n > 0) out[row.getAttribute('data-key') ?? ''] = n;
    }
    return out;
  });
}

async function performance(page: Page, id: string) {
  return page.getByTestId(`table-${id}`).evaluate((table) => {
    const out: Record<string, { filed: number; closed: number; medianCloseMs: number | null }> = {};
    for (const row of Array.from(table.querySelectorAll('tbody tr[data-key]'))) {
      const cell = (name: string) => row.querySelector(`[data-testid="${name}"]`);
      const ms = cell('median')?.getAttribute('data-ms') ?? '';
      out[row.getAttribute('data-key') ?? ''] = {
        filed: Number(cell('filed')?.textContent),
        closed: Number(cell('closed')?.textContent),
        medianCloseMs: ms === '' ? null : Number(ms),
      };
    }
    return out;
  });
}

describe('dashboard in Chromium', () => {
  let t: TestEnv;
  let server: TestServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let seeded: Seeded;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t, ['--web']);
    tokens = await addUsersAndLogIn(t, server, STATS_PEOPLE);
    // Two to five days ago: inside the dashboard's default range (the last 30 days).
    seeded = await seedStats(server.url, t, tokens, wibDaysAgo(5));
    const all = expectedStats(seeded, t.userPrefix, null);
    await until(async () => {
      const res = await api(server.url, 'GET', '/api/stats', { token: tokens.citra });
      const s = res.body as unknown as StatsResponse;
      return s.total === all.total && s.resolved === all.resolved && s.rejected === all.rejected;
    }, 'the seeded reports to be counted');
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.stop();
    if (t) cleanup(t);
  });

  it('shows the region’s figures equal to the seeded counts, the cached ones offline with their time, fresh ones again online', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signIn(page, server.url, t.userPrefix + 'budi', 'kata-sandi-budi');
      await page.getByRole('link', { name: 'Dasbor' }).click();
      await page.getByTestId('table-status').waitFor();
      await expect.poll(() => page.getByTestId('stats-freshness').getAttribute('data-source')).toBe('server');

      const expected = expectedStats(seeded, t.userPrefix, 'jakarta-pusat');
      const check = async () => {
        expect(await tableCounts(page, 'status')).toEqual(expected.byStatus);
        expect(await tableCounts(page, 'category')).toEqual(expected.byCategory);
        expect(await tableCounts(page, 'team')).toEqual(expected.byTeam);
        expect(await tableCounts(page, 'day')).toEqual(expected.byDay);
        expect(await tableCounts(page, 'kota')).toEqual(expected.byKota);
        expect(await page.getByTestId('stats-total').textContent()).toBe(String(expected.total));
        expect(await page.getByTestId('stats-resolved').textContent()).toBe(String(expected.resolved));
        expect(await page.getByTestId('stats-median').getAttribute('data-ms')).toBe(
          String(expected.medianCloseMs),
        );
        const percent = Math.round(expected.shareResolved! * 100);
        expect(await page.getByTestId('stats-share').textContent()).toBe(
          `${percent}% dari ${expected.total - expected.rejected} laporan selesai ditangani`,
        );
        expect(await performance(page, 'teams')).toEqual(expected.teams);
        expect(await performance(page, 'officers')).toEqual(expected.officers);
      };
      await check();
      // Issue 12: reports per kecamatan, from the reports on the device — a sized point each on the map, and
      // the same numbers in the table beside it.
      const perKecamatan: Record<string, number> = {};
      for (const c of seeded.cases) {
        const area = c.report.area as { kecamatan: { name: string } } | undefined;
        if (c.report.region !== 'jakarta-pusat' || !area) continue;
        perKecamatan[area.kecamatan.name] = (perKecamatan[area.kecamatan.name] ?? 0) + 1;
      }
      const kecamatanTable = () =>
        page
          .getByTestId('kecamatan-table')
          .evaluate((table) =>
            Object.fromEntries(
              Array.from(table.querySelectorAll('tbody tr')).map((row) => [
                row.querySelector('th')?.textContent ?? '',
                Number(row.querySelector('td')?.textContent),
              ]),
            ),
          );
      await expect.poll(kecamatanTable, { timeout: 30_000 }).toEqual(perKecamatan);
      await expect
        .poll(() => page.locator('[data-testid="kecamatan-map"] path.kecamatan-point').count())
        .toBe(Object.keys(perKecamatan).length);
      // Labels, not ids: the category's name, the status's name, the kota's official name.
      const statusTable = page.getByTestId('table-status');
      expect(await statusTable.locator('tr[data-key="selesai"] th').textContent()).toBe('Selesai');
      expect(
        await page.getByTestId('table-category').locator('tr[data-key="pkl-trotoar"] th').textContent(),
      ).toBe('Pedagang Kaki Lima di Trotoar');
      expect(await page.getByTestId('table-kota').locator('tr[data-key="31.71"] th').textContent()).toBe(
        'Kota Administrasi Jakarta Pusat',
      );
      // The charts are drawn beside the tables.
      expect(await page.locator('.stats-figure canvas').count()).toBe(5);
      const generatedAt = await page.getByTestId('stats-freshness').getAttribute('data-generated-at');

      // Offline, from a cold start: the app shell from the service worker, the figures from the cache.
      await context.setOffline(true);
      await page.reload();
      await unlockWithPassword(page, 'kata-sandi-budi');
      await page.getByTestId('stats-offline').waitFor();
      const freshness = page.getByTestId('stats-freshness');
      expect(await freshness.getAttribute('data-source')).toBe('cache');
      expect(await freshness.getAttribute('data-generated-at')).toBe(generatedAt);
      expect(await freshness.textContent()).toMatch(/^Data per \d/);
      await check();

      // Back online, the dashboard fetches fresh figures by itself.
      await context.setOffline(false);
      await expect.poll(() => freshness.getAttribute('data-source')).toBe('server');
      expect(await page.getByTestId('stats-offline').count()).toBe(0);
      await check();

      // A chosen range: the first two seeded days only.
      const from = seeded.cases[0]!.day;
      const to = seeded.cases.find((c) => c.spec.day === 1)!.day;
      await page.getByLabel('Rentang waktu').selectOption('custom');
      await page.getByLabel('Dari tanggal').fill(from);
      await page.getByLabel('Sampai tanggal').fill(to);
      const ranged = expectedStats(seeded, t.userPrefix, 'jakarta-pusat', { from, to });
      await expect.poll(() => tableCounts(page, 'day')).toEqual(ranged.byDay);
      expect(await tableCounts(page, 'status')).toEqual(ranged.byStatus);
      expect(await page.getByTestId('stats-total').textContent()).toBe(String(ranged.total));
      expect(await performance(page, 'officers')).toEqual(ranged.officers);
    } finally {
      await context.close();
    }
  });
});
