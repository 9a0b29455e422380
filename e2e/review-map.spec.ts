import type { Page } from 'playwright-core';
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

// Issue 12: the review queue's map shows exactly the list's reports under every filter and search, clustered
// and coloured by status, and the selection is one: chosen on the map it is chosen in the list, and back.

const REGION = 'jakarta-pusat';

/** Nine reports on a 3×3 grid 0.3° apart (apart at any zoom that frames them) and two 10 m apart (a cluster). */
const SPOTS = [
  ...Array.from({ length: 9 }, (_, i) => ({
    lat: -6.0 - Math.floor(i / 3) * 0.3,
    lng: 106.5 + (i % 3) * 0.3,
  })),
  { lat: -6.3, lng: 106.8 + 0.0001 },
];

const mapShows = async (page: Page) => {
  const map = page.getByTestId('review-map');
  return {
    located: Number(await map.getAttribute('data-located')),
    reports: Number(await map.getAttribute('data-shown-reports')),
  };
};
const listCount = async (page: Page) =>
  Number(await page.getByTestId('review-count').getAttribute('data-count'));

describe('review queue map in Chromium', () => {
  let t: TestEnv;
  let server: TestServer;
  const ids: string[] = [];

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t, ['--web']);
    const tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', REGION]],
      ['budi', 'supervisor', ['--region', REGION]],
    ]);
    const reports = SPOTS.map((spot, i) =>
      reportDoc(`${t.userPrefix}ani`, 'regu-1', REGION, {
        categoryId: i % 2 === 0 ? 'pkl-trotoar' : 'parkir-liar',
        description: i < 4 ? `Trotoar terhalang nomor ${i}` : `Parkir di bahu jalan nomor ${i}`,
        location: {
          lat: spot.lat,
          lng: spot.lng,
          accuracyM: 10,
          source: 'device',
          fixedAt: new Date().toISOString(),
        },
      }),
    );
    for (const r of reports) ids.push(r.id);
    await api(server.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.ani,
      body: { docs: reports.map((r) => ({ ...r, _id: r.id })) },
    });
    const disposed = [0, 1, 2].map((i) =>
      eventDoc('disposed', `${t.userPrefix}budi`, 'supervisor', reports[i]!, { unit: 'Kec. Gambir' }),
    );
    await api(server.url, 'POST', '/db/events/_bulk_docs', {
      token: tokens.budi,
      body: { docs: disposed.map((e) => ({ ...e, _id: e.id })) },
    });
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
  });

  it('shows the list’s reports under each filter, and shares the selection both ways', async () => {
    const { browser, close } = await launchChromium();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
      await signIn(page, server.url, `${t.userPrefix}budi`, 'kata-sandi-budi');
      await page.getByRole('link', { name: 'Antrean tinjauan' }).click();
      await expect.poll(() => listCount(page), { timeout: 60_000 }).toBe(SPOTS.length);
      await expect.poll(() => mapShows(page)).toEqual({ located: SPOTS.length, reports: SPOTS.length });
      // The two reports 10 m apart are one cluster at this zoom.
      expect(Number(await page.getByTestId('review-map').getAttribute('data-shown-clusters'))).toBe(1);

      const same = async (expected: number) => {
        await expect.poll(() => listCount(page)).toBe(expected);
        await expect.poll(() => mapShows(page)).toEqual({ located: expected, reports: expected });
      };
      await page.getByTestId('review-filter-status').selectOption('disposisi');
      await same(3);
      await page.getByTestId('review-filter-status').selectOption('');
      await page.getByTestId('review-filter-category').selectOption('parkir-liar');
      await same(5);
      await page.getByTestId('review-filter-category').selectOption('');
      await page.getByTestId('review-search').fill('trotoar');
      await same(4);
      await page.getByTestId('review-search').fill('');
      await same(SPOTS.length);

      // Map → list: a click on a point selects its row.
      const target = ids[0]!;
      await page.locator(`.review-map-point [data-report-id="${target}"]`).click();
      await expect
        .poll(() =>
          page
            .locator(`[data-testid="review-item"][data-report-id="${target}"]`)
            .getAttribute('aria-selected'),
        )
        .toBe('true');
      expect(await page.locator(`.review-map-selected [data-report-id="${target}"]`).count()).toBe(1);

      // List → map: the keyboard moves the selection; the map rings the new one.
      await page.getByTestId('review-list').focus();
      await page.keyboard.press('Home');
      const selectedRow = () =>
        page.locator('[data-testid="review-item"][aria-selected="true"]').getAttribute('data-report-id');
      await expect.poll(selectedRow).not.toBe(target);
      const next = await selectedRow();
      expect(next).not.toBe(target);
      await expect
        .poll(() => page.locator(`.review-map-selected [data-report-id="${next}"]`).count())
        .toBe(1);

      // Enter on the selected point (focused on the map) opens its case.
      await page.locator(`.review-map-selected`).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/kasus/${next}`);
    } finally {
      await close();
    }
  });
});
