import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../domain/report';
import { foldReportState } from '../domain/report-state';
import { aReport, anEvent, REPORT_ID, SHA } from '../domain/test-fixtures';
import { addUser, cleanup, makeTestEnv, startServer } from '../sync-server/test/harness';
import { launchChromium } from './support/browser';
import { openLab, type Lab } from './support/lab';

// The local database on real IndexedDB in real Chromium (through the lab page), and the offline app shell
// (service worker) of the real web build served by a real sync-server.

const SERVER = 'http://127.0.0.1:4984';
const ID2 = '01HZX3K5Q7R8S9T0V1W2X3Y4Z7';

type Result = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };
interface LocalReportJson {
  report: Report;
  sync: string;
  rejectionReason: string | null;
  status: string;
}

/** Calls `window.tertibLab.localData[name](...args)` in the page. */
function call<T>(page: Page, name: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([fn, rest]) => {
      const api = (
        window as unknown as { tertibLab: { localData: Record<string, (...a: unknown[]) => unknown> } }
      ).tertibLab.localData;
      return api[fn as string]!(...(rest as unknown[])) as Promise<T>;
    },
    [name, args] as const,
  );
}

async function reloadLab(page: Page): Promise<void> {
  await page.reload();
  await page.waitForFunction(
    () => (window as unknown as { tertibLabReady?: boolean }).tertibLabReady === true,
  );
}

const draft = {
  photos: [{ sha256: 'b'.repeat(64), bytes: 1234, width: 800, height: 600 }],
  exifHints: {
    ['b'.repeat(64)]: { location: { lat: -6.2, lng: 106.8 }, takenAt: '2025-01-31T08:00:00.000Z' },
  },
  locationMode: 'exif',
  location: null,
  manualLat: '',
  manualLng: '',
  categoryId: 'pkl-trotoar',
  description: 'Setengah jadi',
  placeNote: '',
  capturedAt: null,
  updatedAt: '2025-01-31T08:15:30.123Z',
};

describe('local database in Chromium (RxDB on IndexedDB)', () => {
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let lab: Lab;

  beforeAll(async () => {
    ({ browser, close: closeBrowser } = await launchChromium());
    lab = await openLab(browser);
  });

  afterAll(async () => {
    await lab?.close();
    await closeBrowser?.();
  });

  it('keeps a saved report across a page reload, as pending; the same id twice is one report', async () => {
    const { page } = lab;
    const name = await call<string>(page, 'openDb', SERVER, 'budi');
    expect(name).toMatch(/^tertib-enc-[0-9a-f]{16}$/);
    expect(await call<Result>(page, 'saveReport', aReport())).toEqual({ ok: true, value: null });
    // No close, no wait: save() resolved, so IndexedDB has committed it.
    await reloadLab(page);
    await call(page, 'openDb', SERVER, 'budi');
    expect(await call<Result>(page, 'saveReport', aReport())).toEqual({ ok: true, value: null });
    const mine = await call<LocalReportJson[]>(page, 'listMine', 'budi');
    expect(mine).toEqual([
      {
        report: aReport(),
        sync: 'pending',
        rejectionReason: null,
        status: 'menunggu',
        followUp: foldReportState([]),
      },
    ]);
    expect(await call<number>(page, 'unsentCount')).toBe(1);
    expect(await call<string[]>(page, 'databases')).toContain(`rxdb-dexie-${name}--1--reports`);
  });

  it('wipes everything of one user (databases, vault, remembered facts) and leaves the other user alone', async () => {
    const { page } = lab;
    await call(page, 'openDb', SERVER, 'lost');
    expect(await call<Result>(page, 'saveReport', aReport({ id: ID2, author: 'lost' }))).toMatchObject({
      ok: true,
    });
    await call(page, 'seedPhoto', SERVER, 'lost', '#c1121f');
    await call(page, 'deviceKey', SERVER, 'lost');
    await call(page, 'openDb', SERVER, 'kept');
    await call(page, 'closeDb');
    await page.evaluate(() =>
      localStorage.setItem('tertib.draftReportId:lost', '{"id":"x","state":"draft"}'),
    );
    const before = await call<string[]>(page, 'databases');
    const wiped = await call<string[]>(page, 'wipe', SERVER, 'lost');
    // Its RxDB collections and its photo vault were there, and are gone; the other user's are not.
    expect(wiped.some((n) => n.startsWith('_pouch_tertib-enc-photos-'))).toBe(true);
    expect(wiped.filter((n) => n.startsWith('rxdb-dexie-tertib-enc-')).length).toBeGreaterThan(1);
    // The device's signing key for the user goes too: nothing can sign as this user from here again.
    expect(wiped.some((n) => n.startsWith('tertib-key-'))).toBe(true);
    const after = await call<string[]>(page, 'databases');
    for (const name of wiped) {
      expect(before).toContain(name);
      expect(after).not.toContain(name);
    }
    expect(after.some((n) => n.startsWith('rxdb-dexie-tertib-enc-') && !wiped.includes(n))).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('tertib.draftReportId:lost'))).toBeNull();
    // Opened again, the user starts empty.
    await call(page, 'openDb', SERVER, 'lost');
    expect(await call(page, 'listMine', 'lost')).toEqual([]);
    await call(page, 'closeDb');
  });

  it('refuses an invalid report and a changed report under a saved id', async () => {
    const { page } = lab;
    await call(page, 'openDb', SERVER, 'budi');
    const invalid = await call<Result>(page, 'saveReport', { ...aReport({ id: ID2 }), photos: [] });
    expect(invalid).toMatchObject({ ok: false, error: { name: 'InvalidReportError' } });
    expect(!invalid.ok && invalid.error.message).toMatch(/photos/);
    expect(await call(page, 'getReport', ID2)).toBeNull();
    const changed = await call<Result>(
      page,
      'saveReport',
      aReport({ description: 'Diubah setelah disimpan' }),
    );
    expect(changed).toMatchObject({ ok: false, error: { name: 'ReportConflictError' } });
  });

  it('lists newest first with the status folded from events and the sync state', async () => {
    const { page } = lab;
    await call(page, 'openDb', SERVER, 'budi');
    await call(
      page,
      'saveReport',
      aReport({ id: ID2, createdAt: '2025-02-01T09:00:00.000Z', location: null }),
    );
    expect(await call<Result>(page, 'recordEvents', [anEvent('disposed')])).toMatchObject({ ok: true });
    await call(page, 'setSyncState', ID2, 'rejected', 'Foto buram');
    const mine = await call<LocalReportJson[]>(page, 'listMine', 'budi');
    expect(mine.map((r) => [r.report.id, r.status, r.sync, r.rejectionReason])).toEqual([
      [ID2, 'menunggu', 'rejected', 'Foto buram'],
      [REPORT_ID, 'disposisi', 'pending', null],
    ]);
  });

  it('keeps two users on one browser profile apart: reports and drafts', async () => {
    const { page } = lab;
    const budiDb = await call<string>(page, 'openDb', SERVER, 'budi');
    await call(page, 'draftSave', draft);
    const aniDb = await call<string>(page, 'openDb', SERVER, 'ani');
    expect(aniDb).not.toBe(budiDb);
    expect(await call(page, 'listMine', 'budi')).toEqual([]);
    expect(await call(page, 'draftLoad')).toBeNull();
    expect(await call(page, 'unsentCount')).toBe(0);
    const anis = aReport({ id: '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', author: 'ani' });
    expect(await call<Result>(page, 'saveReport', anis)).toMatchObject({ ok: true });

    await call(page, 'openDb', SERVER, 'budi');
    expect((await call<LocalReportJson[]>(page, 'listMine', 'ani')).length).toBe(0);
    expect((await call<LocalReportJson[]>(page, 'listMine', 'budi')).length).toBe(2);
    // The same user name on another server is another database too.
    const elsewhere = await call<string>(page, 'openDb', 'http://10.0.0.2:4984', 'budi');
    expect(elsewhere).not.toBe(budiDb);
    expect(await call(page, 'listMine', 'budi')).toEqual([]);
  });

  it('round-trips the draft across a reload, counts its photos as referenced, and clears it', async () => {
    const { page } = lab;
    await call(page, 'openDb', SERVER, 'budi');
    await call(page, 'draftSave', draft);
    await reloadLab(page);
    await call(page, 'openDb', SERVER, 'budi');
    expect(await call(page, 'draftLoad')).toEqual(draft);
    expect(await call<string[]>(page, 'referencedPhotos')).toEqual([SHA, 'b'.repeat(64)].sort());
    await call(page, 'draftSave', { ...draft, description: 'Sudah diubah' });
    expect(await call(page, 'draftLoad')).toMatchObject({ description: 'Sudah diubah' });
    await call(page, 'draftClear');
    expect(await call(page, 'draftLoad')).toBeNull();
    await call(page, 'closeDb');
  });
});

describe('"Laporan saya" in Chromium', () => {
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let lab: Lab;

  beforeAll(async () => {
    ({ browser, close: closeBrowser } = await launchChromium());
    lab = await openLab(browser);
  });

  afterAll(async () => {
    await lab?.close();
    await closeBrowser?.();
  });

  it('shows the empty state, then reports newest first with thumbnail, states and markers', async () => {
    const { page } = lab;
    await call(page, 'renderMyReports', SERVER, 'sari');
    await page.getByText('Belum ada laporan di perangkat ini.').waitFor();
    await call(page, 'unmountMyReports');

    const sha = await call<string>(page, 'seedPhoto', SERVER, 'sari', '#c33');
    const photo = { sha256: sha, bytes: 1000, width: 64, height: 48 };
    await call(page, 'openDb', SERVER, 'sari');
    const older = aReport({ author: 'sari', photos: [photo, aReport().photos[0]!] });
    const newer = aReport({ id: ID2, author: 'sari', location: null, createdAt: '2025-02-01T09:00:00.000Z' });
    await call(page, 'saveReport', older);
    await call(page, 'saveReport', newer);
    await call(page, 'setSyncState', ID2, 'rejected', 'report.team must be your own team.');
    await call(page, 'recordEvents', [{ ...anEvent('disposed'), reportAuthor: 'sari' }]);

    await call(page, 'renderMyReports', SERVER, 'sari');
    const items = page.getByTestId('report-item');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-report-id')))).toEqual([
      ID2,
      REPORT_ID,
    ]);
    const [first, second] = [items.nth(0), items.nth(1)];
    expect(await first.getByTestId('sync-state').innerText()).toBe('ditolak');
    // The server's English sentence is shown as what it means, in Indonesian.
    const reason = await first.getByTestId('rejection-reason').innerText();
    expect(reason).toContain('regu lain');
    expect(reason).not.toContain('must be');
    expect(await first.getByTestId('no-location').innerText()).toBe('Tanpa lokasi');
    expect(await first.getByTestId('follow-up-status').innerText()).toBe('Menunggu');
    expect(await second.getByTestId('sync-state').innerText()).toBe('belum terkirim');
    expect(await second.getByTestId('follow-up-status').innerText()).toBe('Disposisi');
    expect(await second.getByTestId('no-location').count()).toBe(0);
    expect(await second.innerText()).toContain('Foto: 2');
    const img = second.getByRole('img', { name: 'Foto pertama laporan pkl-trotoar' });
    await expect.poll(() => img.getAttribute('src')).toMatch(/^blob:/);
    await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(64);

    // Keyboard: Tab reaches the first report, arrow keys move between them.
    await first.focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-report-id'))).toBe(REPORT_ID);
    await page.keyboard.press('Home');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-report-id'))).toBe(ID2);

    await call(page, 'renderMyReports', SERVER, 'sari', 'en');
    await expect.poll(() => page.getByTestId('sync-state').first().innerText()).toBe('rejected');
    expect(await page.getByTestId('follow-up-status').nth(1).innerText()).toBe('Dispatched');
    await call(page, 'unmountMyReports');
  });

  it('stays responsive with a few hundred reports', async () => {
    const { page } = lab;
    await call(page, 'openDb', SERVER, 'banyak');
    const base = Date.parse('2025-03-01T00:00:00.000Z');
    for (let i = 0; i < 300; i++) {
      const id = '01J0000000000000000000' + i.toString().padStart(4, '0');
      const at = new Date(base + i * 60_000).toISOString();
      await call(page, 'saveReport', aReport({ id, author: 'banyak', createdAt: at, capturedAt: at }));
    }
    const started = Date.now();
    await call(page, 'renderMyReports', SERVER, 'banyak');
    await expect.poll(() => page.getByTestId('report-item').count()).toBe(300);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await page.getByTestId('report-item').first().getAttribute('data-report-id')).toBe(
      '01J00000000000000000000299',
    );
    await call(page, 'unmountMyReports');
  });
});

describe('offline app shell (service worker) in web mode', () => {
  it('loads the app from the cache after going offline and reloading', async () => {
    const t = makeTestEnv();
    await addUser(t, 'ani', 'officer', 'kata-sandi-ani', ['--team', 'regu-1', '--region', 'jakarta-pusat']);
    const server = await startServer(t, ['--web']);
    const { browser, close } = await launchChromium();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url + '/');
      await page.getByLabel('Alamat server').waitFor();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
        timeout: 15_000,
      });

      await context.setOffline(true);
      await page.reload();
      await page.getByLabel('Alamat server').waitFor({ timeout: 10_000 });
      expect(await page.getByRole('button', { name: 'Masuk' }).isVisible()).toBe(true);
      // The API is network-only: offline it fails rather than answering from a cache.
      const api = await page.evaluate(() =>
        fetch('/api/health').then(
          (r) => r.status,
          () => 'failed',
        ),
      );
      expect(api).toBe('failed');

      // And with the server itself gone (not only the emulated network), the shell still loads.
      await context.setOffline(false);
      await server.stop();
      await page.reload();
      await page.getByLabel('Alamat server').waitFor({ timeout: 10_000 });
      await context.close();
    } finally {
      await close();
      await server.stop();
      cleanup(t);
    }
  });
});
