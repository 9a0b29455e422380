import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Area } from '../domain/report';
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
import { signIn, unlockWithPassword } from './support/app-flows';
import { launchChromium } from './support/browser';

// The supervisor's review queue in Chromium against a real server: officers' reports (and a supervisor's
// events) are written through the gateway as those users, the supervisor's app pulls them with its real sync
// engine into IndexedDB, and the queue filters, counts, searches and moves with the keyboard. A second
// region with 3 000 reports checks that the list keeps only a bounded number of rows in the DOM.

const GAMBIR: Area = {
  kota: { code: '31.71', name: 'Jakarta Pusat' },
  kecamatan: { code: '31.71.01', name: 'Gambir' },
  kelurahan: { code: '31.71.01.1001', name: 'Gambir' },
};
const KEBON_KELAPA: Area = { ...GAMBIR, kelurahan: { code: '31.71.01.1006', name: 'Kebon Kelapa' } };
const MENTENG: Area = {
  kota: GAMBIR.kota,
  kecamatan: { code: '31.71.06', name: 'Menteng' },
  kelurahan: { code: '31.71.06.1001', name: 'Menteng' },
};

/** 10:00 WIB on the given November 2026 day. */
const day = (d: number) => new Date(Date.UTC(2026, 10, d, 3, 0)).toISOString();

interface Seed {
  author: 'ani' | 'indra' | 'sari';
  categoryId: string;
  area: Area | null;
  d: number;
  description: string;
  placeNote?: string;
}

const SEEDS: Seed[] = [
  {
    author: 'ani',
    categoryId: 'pkl-trotoar',
    area: GAMBIR,
    d: 1,
    description: 'PKL menutup trotoar di depan Stasiun Gambir',
    placeNote: 'Pintu selatan',
  },
  { author: 'ani', categoryId: 'parkir-liar', area: GAMBIR, d: 2, description: 'Parkir liar di bahu jalan' },
  {
    author: 'ani',
    categoryId: 'pkl-trotoar',
    area: KEBON_KELAPA,
    d: 3,
    description: 'Pedagang kaki lima di trotoar Jalan Juanda',
  },
  {
    author: 'indra',
    categoryId: 'kesehatan',
    area: MENTENG,
    d: 4,
    description: 'Kerumunan tanpa masker di kafé',
    placeNote: 'Jl. Cikini Raya',
  },
  { author: 'indra', categoryId: 'pkl-trotoar', area: null, d: 5, description: 'Gerobak PKL di trotoar' },
  {
    author: 'indra',
    categoryId: 'parkir-liar',
    area: MENTENG,
    d: 6,
    description: 'Parkir liar depan sekolah',
  },
  {
    author: 'sari',
    categoryId: 'pkl-trotoar',
    area: MENTENG,
    d: 7,
    description: 'PKL di trotoar Taman Suropati',
  },
  {
    author: 'sari',
    categoryId: 'kesehatan',
    area: null,
    d: 8,
    description: 'Warung buka melewati jam malam',
  },
];
const TEAM = { ani: 'regu-1', indra: 'regu-1', sari: 'regu-2' } as const;
const REGION = 'jakarta-pusat';

async function bulk(server: string, db: string, token: string, docs: Array<{ id: string }>): Promise<void> {
  const res = await api(server, 'POST', `/db/${db}/_bulk_docs`, {
    token,
    body: { docs: docs.map((d) => ({ ...d, _id: d.id })) },
  });
  const rows = res.body as unknown as Array<{ ok?: boolean; error?: string; reason?: string }>;
  const refused = rows.filter((r) => !r.ok);
  if (res.status !== 201 || refused.length > 0) {
    throw new Error(`${db}/_bulk_docs: ${res.status} ${JSON.stringify(refused[0] ?? res.body)}`);
  }
}

const rowTexts = (page: Page) =>
  page.getByTestId('review-item').evaluateAll((els) =>
    els
      .map((e) => ({
        i: Number(e.getAttribute('data-index')),
        text: e.querySelector('.review-description')?.textContent ?? '',
      }))
      .sort((a, b) => a.i - b.i)
      .map((r) => r.text),
  );

const shown = async (page: Page) => Number(await page.getByTestId('review-count').getAttribute('data-count'));

/** The option texts of a filter select, e.g. `['Semua', 'Menunggu (4)', …]`. */
const optionTexts = (page: Page, key: string) =>
  page.getByTestId(`review-filter-${key}`).locator('option').allTextContents();

describe('review queue in Chromium', () => {
  let t: TestEnv;
  let server: TestServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let context: BrowserContext;
  const ids: string[] = [];

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t, ['--web']);
    const tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', REGION]],
      ['indra', 'officer', ['--team', 'regu-1', '--region', REGION]],
      ['sari', 'officer', ['--team', 'regu-2', '--region', REGION]],
      ['budi', 'supervisor', ['--region', REGION]],
      ['eko', 'officer', ['--team', 'regu-9', '--region', 'jakarta-barat']],
      ['wati', 'supervisor', ['--region', 'jakarta-barat']],
    ]);
    const reports = SEEDS.map((s) => {
      const { area, d, author, ...rest } = s;
      return reportDoc(author, TEAM[author], REGION, {
        ...rest,
        ...(area ? { area } : {}),
        capturedAt: day(d),
        createdAt: day(d),
      });
    });
    for (const r of reports) ids.push(r.id);
    for (const author of ['ani', 'indra', 'sari'] as const) {
      await bulk(
        server.url,
        'reports',
        tokens[author]!,
        reports.filter((r) => r.author === author),
      );
    }
    // The supervisor dispatched the 1st, 3rd and 7th and rejected the 8th.
    const at = new Date(Date.UTC(2026, 10, 9)).toISOString();
    const disposed = [0, 2, 6].map((i) =>
      eventDoc('disposed', 'budi', 'supervisor', reports[i]!, { unit: 'Kec. Gambir', at }),
    );
    const rejected = eventDoc('rejected', 'budi', 'supervisor', reports[7]!, {
      reason: 'Di luar kewenangan',
      at,
    });
    await bulk(server.url, 'events', tokens.budi!, [...disposed, rejected]);

    // The big region: 3 000 reports by one officer, a minute apart.
    const many = Array.from({ length: 3000 }, (_, i) =>
      reportDoc('eko', 'regu-9', 'jakarta-barat', {
        capturedAt: new Date(Date.UTC(2026, 10, 1, 3) + i * 60_000).toISOString(),
        description: `Laporan nomor ${i + 1} di Jakarta Barat`,
      }),
    );
    for (let i = 0; i < many.length; i += 500)
      await bulk(server.url, 'reports', tokens.eko!, many.slice(i, i + 500));

    ({ browser, close: closeBrowser } = await launchChromium());
  });

  beforeEach(async () => {
    // A fresh profile per scenario: its own IndexedDB, its own sign-in.
    context = await browser.newContext({ timezoneId: 'Asia/Jakarta', locale: 'id-ID' });
  });

  afterEach(async () => {
    await context?.close();
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.stop();
    if (t) cleanup(t);
  });

  it('filters by status, category, area, date and search, with counts for the other filters', async () => {
    const page = await context.newPage();
    await signIn(page, server.url, 'budi', 'kata-sandi-budi');
    await page.getByRole('link', { name: 'Antrean tinjauan' }).click();
    await expect.poll(() => shown(page), { timeout: 60_000 }).toBe(8);
    // Newest first; every event folded into the status.
    expect(await rowTexts(page)).toEqual(SEEDS.map((s) => s.description).reverse());
    await expect
      .poll(() => optionTexts(page, 'status'))
      .toEqual([
        'Semua',
        'Menunggu (4)',
        'Disposisi (3)',
        'Koordinasi (0)',
        'Dikerjakan (0)',
        'Selesai (0)',
        'Ditolak (1)',
      ]);

    await page.getByLabel('Status', { exact: true }).selectOption('disposisi');
    await expect.poll(() => shown(page)).toBe(3);
    expect(await rowTexts(page)).toEqual([
      SEEDS[6]!.description,
      SEEDS[2]!.description,
      SEEDS[0]!.description,
    ]);
    expect(await page.getByTestId('review-status').allTextContents()).toEqual([
      'Disposisi',
      'Disposisi',
      'Disposisi',
    ]);
    // Category counts under the status filter; status counts unchanged by their own filter.
    expect(await optionTexts(page, 'category')).toEqual(
      expect.arrayContaining(['Kesehatan (0)', 'Parkir Liar (0)', 'Pedagang Kaki Lima di Trotoar (3)']),
    );
    await page.getByLabel('Kategori', { exact: true }).selectOption('pkl-trotoar');
    await expect.poll(() => optionTexts(page, 'status')).toContain('Menunggu (1)');
    expect(await shown(page)).toBe(3);
    expect(page.url()).toContain('#/tinjauan?status=disposisi&kategori=pkl-trotoar');

    await page.getByRole('button', { name: 'Hapus filter' }).click();
    await expect.poll(() => shown(page)).toBe(8);

    // Area: a kecamatan counts its kelurahan's reports; "tanpa wilayah" is a value of its own.
    expect(await optionTexts(page, 'area')).toEqual([
      'Semua',
      'Jakarta Pusat (6)',
      '\u00a0\u00a0Kec. Gambir (3)',
      '\u00a0\u00a0\u00a0\u00a0Kel. Gambir (2)',
      '\u00a0\u00a0\u00a0\u00a0Kel. Kebon Kelapa (1)',
      '\u00a0\u00a0Kec. Menteng (3)',
      '\u00a0\u00a0\u00a0\u00a0Kel. Menteng (3)',
      'tanpa wilayah (2)',
    ]);
    await page.getByLabel('Wilayah', { exact: true }).selectOption('31.71.06');
    await expect.poll(() => shown(page)).toBe(3);
    expect(await rowTexts(page)).toEqual([
      SEEDS[6]!.description,
      SEEDS[5]!.description,
      SEEDS[3]!.description,
    ]);
    await page.getByLabel('Wilayah', { exact: true }).selectOption('-');
    await expect.poll(() => shown(page)).toBe(2);
    expect(await rowTexts(page)).toEqual([SEEDS[7]!.description, SEEDS[4]!.description]);
    await page.getByLabel('Wilayah', { exact: true }).selectOption('');

    // Days are WIB calendar days, both ends included.
    await page.getByLabel('Dari tanggal', { exact: true }).fill('2026-11-03');
    await page.getByLabel('Sampai tanggal', { exact: true }).fill('2026-11-05');
    await expect.poll(() => shown(page)).toBe(3);
    expect(await rowTexts(page)).toEqual([
      SEEDS[4]!.description,
      SEEDS[3]!.description,
      SEEDS[2]!.description,
    ]);
    expect(await optionTexts(page, 'officer')).toEqual(['Semua', 'ani (1)', 'indra (2)', 'sari (0)']);
    await page.getByRole('button', { name: 'Hapus filter' }).click();

    // Search: every word, any case, accents ignored, place note included.
    await page.keyboard.press('/');
    await page.keyboard.type('trotoar PKL');
    await expect.poll(() => shown(page)).toBe(3);
    expect(await rowTexts(page)).toEqual([
      SEEDS[6]!.description,
      SEEDS[4]!.description,
      SEEDS[0]!.description,
    ]);
    await page.getByTestId('review-search').fill('KAFE cikini');
    await expect.poll(() => rowTexts(page)).toEqual([SEEDS[3]!.description]);

    // A reload keeps the filters (they live in the URL).
    await page.getByLabel('Status', { exact: true }).selectOption('menunggu');
    await expect.poll(() => page.url()).toContain('status=menunggu');
    await page.reload();
    await unlockWithPassword(page, 'kata-sandi-budi');
    await expect.poll(() => shown(page), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('review-search').inputValue()).toBe('KAFE cikini');
    expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('menunggu');
    await page.close();
  });

  it('keyboard: / searches, ↓ enters the list, j/k move, Enter opens the report; shortcuts are shown', async () => {
    const page = await context.newPage();
    await signIn(page, server.url, 'budi', 'kata-sandi-budi');
    await page.goto(`${server.url}/#/tinjauan?kategori=pkl-trotoar`);
    await expect.poll(() => shown(page), { timeout: 60_000 }).toBe(4);
    expect(await page.getByTestId('review-shortcuts').innerText()).toMatch(
      /\/\s*cari.*Enter\s*buka laporan/s,
    );
    // Every hash the app goes through, so the assertion holds whether or not the detail route exists yet.
    await page.evaluate(() => {
      const w = window as unknown as { hashes: string[] };
      w.hashes = [];
      // newURL: the address this change went to, even if the app has replaced it since.
      window.addEventListener('hashchange', (e) =>
        w.hashes.push(new URL(e.newURL || window.location.href).hash),
      );
    });

    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'review-search',
    );
    await page.keyboard.press('ArrowDown');
    const list = page.getByRole('listbox', { name: 'Laporan di wilayah Anda' });
    const active = () => list.getAttribute('aria-activedescendant');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('listbox');
    const order = [ids[6]!, ids[4]!, ids[2]!, ids[0]!]; // pkl-trotoar, newest first
    await expect.poll(active).toBe(`review-option-${order[0]}`);
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    await expect.poll(active).toBe(`review-option-${order[2]}`);
    await page.keyboard.press('k');
    await expect.poll(active).toBe(`review-option-${order[1]}`);
    expect(await page.locator(`#review-option-${order[1]}`).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    await expect.poll(active).toBe(`review-option-${order[3]}`);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { hashes: string[] }).hashes))
      .toContain(`#/kasus/${order[2]}`);

    // Esc in the list goes back to the search box; Esc there clears the search.
    await page.goto(`${server.url}/#/tinjauan?cari=parkir`);
    await expect.poll(() => shown(page), { timeout: 30_000 }).toBe(2);
    await page.getByTestId('review-list').focus();
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'review-search',
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => shown(page)).toBe(8);
    await page.close();
  });

  it('3 000 reports: a bounded number of rows in the DOM, all reachable with the keyboard', async () => {
    {
      const page = await context.newPage();
      await signIn(page, server.url, 'wati', 'kata-sandi-wati');
      await page.getByRole('link', { name: 'Antrean tinjauan' }).click();
      await expect.poll(() => shown(page), { timeout: 90_000 }).toBe(3000);
      expect(await page.getByTestId('review-count').innerText()).toBe('3.000 dari 3.000 laporan');
      const rendered = await page.getByTestId('review-item').count();
      expect(rendered).toBeGreaterThan(3);
      expect(rendered).toBeLessThan(40);
      // Rows are really placed one below the other (the virtualizer's styles are not blocked by the CSP).
      const tops = await page
        .getByTestId('review-item')
        .evaluateAll((els) => els.slice(0, 3).map((e) => Math.round(e.getBoundingClientRect().top)));
      expect(tops[1]! - tops[0]!).toBe(104);
      expect(tops[2]! - tops[1]!).toBe(104);

      await page.getByTestId('review-list').focus();
      await page.keyboard.press('End');
      const last = page.locator('[role="option"][aria-selected="true"]');
      await expect.poll(() => last.getAttribute('data-index')).toBe('2999');
      expect(await page.getByTestId('review-item').count()).toBeLessThan(40);
      // The oldest report is last: day 1, minute 0.
      await page.getByLabel('Urutkan', { exact: true }).selectOption('oldest');
      await expect.poll(() => rowTexts(page).then((r) => r[0])).toBe('Laporan nomor 1 di Jakarta Barat');
      await page.getByTestId('review-search').fill('nomor 2999');
      await expect.poll(() => rowTexts(page)).toEqual(['Laporan nomor 2999 di Jakarta Barat']);
    }
  });
});
