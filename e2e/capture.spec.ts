import nodeCrypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import piexif from 'piexifjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  cleanup,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
} from '../sync-server/test/harness';
import { signIn, unlockWithPassword } from './support/app-flows';
import { launchChromium } from './support/browser';

// The officer's main job in real Chromium with a fake camera and fake geolocation, against `serve --web`,
// with the browser offline from the start of capture.

const MONAS = { latitude: -6.1754, longitude: 106.8272 };

/**
 * sha256 of every attachment the vault holds (photos and their thumbnails), read straight from IndexedDB
 * (PouchDB's idb attachment store). They are sealed with the user's data key (issue 13): `sealed` says the
 * stored bytes are not a JPEG.
 */
async function storedPhotos(
  page: Page,
): Promise<Array<{ sha256: string; hasExif: boolean; bytes: number; sealed: boolean }>> {
  return page.evaluate(async () => {
    const dbs = (await indexedDB.databases()).filter((d) => d.name?.startsWith('_pouch_tertib-enc-photos-'));
    const out: Array<{ sha256: string; hasExif: boolean; bytes: number; sealed: boolean }> = [];
    for (const info of dbs) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name!);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      if (!db.objectStoreNames.contains('attach-store')) continue;
      const rows = await new Promise<Array<{ body: Blob }>>((resolve, reject) => {
        const req = db.transaction('attach-store').objectStore('attach-store').getAll();
        req.onsuccess = () => resolve(req.result as Array<{ body: Blob }>);
        req.onerror = () => reject(req.error);
      });
      for (const row of rows) {
        const bytes = new Uint8Array(await row.body.arrayBuffer());
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        const sha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
        const text = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
        const sealed = !(bytes[0] === 0xff && bytes[1] === 0xd8);
        out.push({ sha256, hasExif: text.includes('Exif'), bytes: bytes.length, sealed });
      }
      db.close();
    }
    return out;
  });
}

async function openNewReport(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Laporan baru' }).click();
  await page.getByRole('heading', { name: 'Laporan baru' }).waitFor();
}

async function thumbShas(page: Page): Promise<string[]> {
  return page
    .getByTestId('photo-thumb')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-sha256') ?? ''));
}

async function chooseCategory(page: Page, query: string, option: string): Promise<void> {
  await page.getByLabel('Kategori').fill(query);
  await page.getByRole('option', { name: option }).click();
}

/** A JPEG made by the browser, so the test needs no image files on disk. */
async function browserJpeg(page: Page, width: number, height: number): Promise<Buffer> {
  const b64 = await page.evaluate(
    async ([w, h]) => {
      const canvas = new OffscreenCanvas(w!, h!);
      const ctx = canvas.getContext('2d')!;
      const gradient = ctx.createLinearGradient(0, 0, w!, h!);
      gradient.addColorStop(0, '#1d3557');
      gradient.addColorStop(1, '#e9c46a');
      ctx.fillStyle = gradient;
      ctx.fillRect(0, 0, w!, h!);
      for (let i = 0; i < 400; i++) {
        ctx.fillStyle = `hsl(${(i * 37) % 360} 70% 50%)`;
        ctx.fillRect((i * 97) % w!, (i * 53) % h!, 40, 25);
      }
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    },
    [width, height],
  );
  return Buffer.from(b64, 'base64');
}

function withExifGps(jpeg: Buffer, lat: number, lng: number, takenAt: string): Buffer {
  const toRational = (deg: number): Array<[number, number]> => {
    const d = Math.floor(deg);
    const m = Math.floor((deg - d) * 60);
    const s = Math.round(((deg - d) * 60 - m) * 60 * 100);
    return [
      [d, 1],
      [m, 1],
      [s, 100],
    ];
  };
  const exif = {
    '0th': { [piexif.ImageIFD.Make!]: 'KameraUji', [piexif.ImageIFD.Model!]: 'Seri-123' },
    Exif: { [piexif.ExifIFD.DateTimeOriginal!]: takenAt },
    GPS: {
      [piexif.GPSIFD.GPSLatitudeRef!]: lat < 0 ? 'S' : 'N',
      [piexif.GPSIFD.GPSLatitude!]: toRational(Math.abs(lat)),
      [piexif.GPSIFD.GPSLongitudeRef!]: lng < 0 ? 'W' : 'E',
      [piexif.GPSIFD.GPSLongitude!]: toRational(Math.abs(lng)),
    },
  };
  const out = piexif.insert(piexif.dump(exif), jpeg.toString('binary'));
  return Buffer.from(out, 'binary');
}

describe('offline field capture in Chromium', () => {
  let t: TestEnv;
  let server: TestServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let officerNo = 0;

  /** Each scenario gets its own officer, so local databases never mix. */
  async function officerContext(opts: { geolocation?: { accuracy: number } | null } = {}) {
    const name = `petugas${++officerNo}`;
    await addUser(t, name, 'officer', `kata-sandi-${name}`, [
      '--team',
      'regu-1',
      '--region',
      'jakarta-pusat',
    ]);
    const geo = opts.geolocation === undefined ? { accuracy: 12 } : opts.geolocation;
    const context: BrowserContext = await browser.newContext({
      permissions: geo ? ['geolocation', 'camera'] : ['camera'],
      ...(geo ? { geolocation: { ...MONAS, accuracy: geo.accuracy } } : {}),
    });
    const page = await context.newPage();
    await signIn(page, server.url, name, `kata-sandi-${name}`);
    return { context, page, name };
  }

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t, ['--web']);
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.stop();
    if (t) cleanup(t);
  });

  it('saves a report with two camera photos while offline, in a few taps; after a reload everything is there', async () => {
    const { context, page, name } = await officerContext();
    try {
      await context.setOffline(true);
      await openNewReport(page);
      await expect.poll(() => page.getByTestId('location-accuracy').innerText()).toContain('12');

      // The officer's taps, counted: a report with photos, a fix and a category in a few steps.
      let taps = 0;
      const tap = async (action: Promise<void>) => {
        taps++;
        await action;
      };
      await tap(page.getByRole('button', { name: 'Nyalakan kamera' }).click());
      await tap(page.getByRole('button', { name: 'Ambil foto' }).click());
      await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(1);
      // The fake camera animates; let the frame change so the second photo is not the same bytes (which the
      // content-addressed vault would rightly keep once).
      await page.waitForTimeout(600);
      await tap(page.getByRole('button', { name: 'Ambil foto' }).click());
      await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(2);
      await tap(page.getByLabel('Kategori').fill('pedagang'));
      await tap(page.getByRole('option', { name: /Pedagang Kaki Lima/i }).click());
      await tap(page.getByLabel('Uraian').fill('PKL menutup trotoar depan halte.'));
      const shown = await thumbShas(page);
      await tap(page.getByRole('button', { name: 'Simpan laporan' }).click());
      await page.getByText('Laporan tersimpan di perangkat').first().waitFor();
      expect(taps).toBeLessThanOrEqual(8);

      const captured = await storedPhotos(page);
      expect(shown).toHaveLength(2);
      expect(captured.map((p) => p.sha256)).not.toEqual(expect.arrayContaining(shown));
      expect(captured.every((p) => p.sealed)).toBe(true);
      expect(captured).toHaveLength(4); // each photo and its thumbnail

      // Offline reload: the service worker serves the app, the session is remembered on the device, and the
      // password opens the encrypted data without the server (issue 13).
      await page.reload();
      await unlockWithPassword(page, `kata-sandi-${name}`);
      await page.getByRole('link', { name: 'Laporan saya' }).click();
      const item = page.getByTestId('report-item');
      await expect.poll(() => item.count()).toBe(1);
      expect(await item.innerText()).toContain('Foto: 2');
      expect((await item.getByTestId('sync-state').innerText()).toLowerCase()).toContain('belum terkirim');
      // Thumbnails load as they scroll into view, from the vault: poll.
      await expect.poll(() => item.locator('img').count()).toBeGreaterThan(0);
      const after = await storedPhotos(page);
      expect(after.map((p) => p.sha256).sort()).toEqual(captured.map((p) => p.sha256).sort());
      expect(after.every((p) => !p.hasExif)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('offers the location and time of an imported JPEG with EXIF GPS, and stores it without EXIF', async () => {
    const { context, page } = await officerContext({ geolocation: null });
    try {
      await openNewReport(page);
      const source = withExifGps(await browserJpeg(page, 2400, 1800), -6.2, 106.8167, '2020:04:10 09:30:00');
      expect(source.includes(Buffer.from('Exif'))).toBe(true);
      await page
        .getByLabel('Impor foto')
        .setInputFiles({ name: 'dari-ponsel.jpg', mimeType: 'image/jpeg', buffer: source });
      await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(1);
      await page.getByRole('button', { name: 'Gunakan lokasi & waktu dari foto' }).click();
      await expect.poll(() => page.getByRole('radio', { name: 'Dari foto (EXIF)' }).isChecked()).toBe(true);

      const stored = await storedPhotos(page);
      expect(stored).toHaveLength(2); // the photo and its thumbnail
      expect(stored.every((p) => !p.hasExif)).toBe(true);
      expect(stored.every((p) => p.sealed)).toBe(true);
      expect(stored.map((p) => p.sha256)).not.toContain((await thumbShas(page))[0]);
      expect(stored.map((p) => p.sha256)).not.toContain(
        nodeCrypto.createHash('sha256').update(source).digest('hex'),
      );
    } finally {
      await context.close();
    }
  });

  it('refuses bad files with a clear message and stores nothing', async () => {
    const { context, page } = await officerContext();
    try {
      await openNewReport(page);
      const input = page.getByLabel('Impor foto');
      const good = await browserJpeg(page, 800, 600);
      const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(200)]);
      const cases: Array<[string, Buffer, string]> = [
        ['catatan.jpg', Buffer.from('ini bukan gambar, hanya teks'), 'Berkas ini bukan gambar.'],
        ['rusak.jpg', good.subarray(0, Math.floor(good.length / 2)), 'Gambar rusak atau tidak lengkap'],
        ['iphone.heic', heic, 'HEIC'],
        ['besar.jpg', Buffer.concat([good, Buffer.alloc(41 * 1024 * 1024)]), 'Berkas terlalu besar'],
      ];
      // Handed to Chromium as files on disk: a 41 MB buffer would cross the DevTools protocol as base64,
      // which on a loaded 2-core machine outlasted Playwright's 30 s action timeout.
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-bad-files-'));
      for (const [name, buffer, message] of cases) {
        const file = path.join(folder, name);
        fs.writeFileSync(file, buffer);
        await input.setInputFiles(file);
        await expect
          .poll(() => page.getByRole('alert').allInnerTexts(), { timeout: 20_000 })
          .toEqual(expect.arrayContaining([expect.stringContaining(message)]));
        expect(await page.getByTestId('photo-thumb').count()).toBe(0);
      }
      fs.rmSync(folder, { recursive: true, force: true });
      expect(await storedPhotos(page)).toEqual([]);

      // Too many: five are fine, the sixth is refused before any decoding.
      for (let i = 0; i < 5; i++) {
        await input.setInputFiles({
          name: `f${i}.jpg`,
          mimeType: 'image/jpeg',
          buffer: await browserJpeg(page, 640 + i, 480),
        });
        await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(i + 1);
      }
      await input.setInputFiles({
        name: 'f6.jpg',
        mimeType: 'image/jpeg',
        buffer: await browserJpeg(page, 700, 480),
      });
      await expect
        .poll(() => page.getByRole('alert').allInnerTexts())
        .toEqual(expect.arrayContaining([expect.stringContaining('Maksimal 5 foto')]));
      expect(await page.getByTestId('photo-thumb').count()).toBe(5);
      expect(await storedPhotos(page)).toHaveLength(10); // five photos and their thumbnails
    } finally {
      await context.close();
    }
  });

  it('brings a half-filled form back after the page is closed', async () => {
    const { context, page, name } = await officerContext();
    try {
      await openNewReport(page);
      await page.getByLabel('Impor foto').setInputFiles({
        name: 'a.jpg',
        mimeType: 'image/jpeg',
        buffer: await browserJpeg(page, 1200, 900),
      });
      await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(1);
      const sha = (await thumbShas(page))[0];
      await chooseCategory(page, 'parkir', 'Parkir liar');
      await page.getByLabel('Uraian').fill('Mobil parkir di bahu jalan.');
      await page.getByLabel('Keterangan tempat').fill('Jl. Medan Merdeka Barat');
      await page.waitForTimeout(800); // the draft is saved 300 ms after the last keystroke
      await page.close();

      const again = await context.newPage();
      await again.goto(server.url + '/');
      await unlockWithPassword(again, `kata-sandi-${name}`);
      await openNewReport(again);
      await expect.poll(() => again.getByLabel('Uraian').inputValue()).toBe('Mobil parkir di bahu jalan.');
      expect(await again.getByLabel('Keterangan tempat').inputValue()).toBe('Jl. Medan Merdeka Barat');
      expect(await thumbShas(again)).toEqual([sha]);
    } finally {
      await context.close();
    }
  });

  it('warns before saving a poor fix, and records a missing location as missing', async () => {
    const poor = await officerContext({ geolocation: { accuracy: 180 } });
    try {
      const page = poor.page;
      await openNewReport(page);
      await expect.poll(() => page.getByTestId('location-quality').innerText()).toBe('Buruk');
      await page
        .getByLabel('Impor foto')
        .setInputFiles({ name: 'a.jpg', mimeType: 'image/jpeg', buffer: await browserJpeg(page, 900, 700) });
      await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(1);
      await chooseCategory(page, 'kerumunan', 'Kerumunan');
      await page.getByLabel('Uraian').fill('Kerumunan tanpa masker di pasar.');
      await page.getByRole('button', { name: 'Simpan laporan' }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.waitFor();
      expect(await page.getByText('Laporan tersimpan').count()).toBe(0);
      await dialog.getByRole('button', { name: 'Tetap simpan' }).click();
      await page.getByText('Laporan tersimpan di perangkat').first().waitFor();
    } finally {
      await poor.context.close();
    }

    const none = await officerContext({ geolocation: null });
    try {
      const page = none.page;
      await openNewReport(page);
      await expect.poll(() => page.getByRole('radio', { name: 'Tanpa lokasi' }).isChecked()).toBe(true);
      await page
        .getByLabel('Impor foto')
        .setInputFiles({ name: 'b.jpg', mimeType: 'image/jpeg', buffer: await browserJpeg(page, 900, 700) });
      await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(1);
      await chooseCategory(page, 'reklame', 'Reklame');
      await page.getByLabel('Uraian').fill('Baliho tanpa izin di persimpangan.');
      await page.getByRole('button', { name: 'Simpan laporan' }).click();
      await page.getByText('Laporan tersimpan di perangkat').first().waitFor();
      await page.getByRole('link', { name: 'Laporan saya' }).click();
      await expect.poll(() => page.getByTestId('report-item').count()).toBe(1);
      expect(await page.getByTestId('no-location').first().innerText()).toContain('Tanpa lokasi');
    } finally {
      await none.context.close();
    }
  });
});
