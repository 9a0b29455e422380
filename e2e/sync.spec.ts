import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  api,
  cleanup,
  login,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
} from '../sync-server/test/harness';
import { signIn, unlockWithPassword } from './support/app-flows';
import { launchChromium } from './support/browser';

// Two people, two browser contexts, one real server: an officer files reports offline, comes back online,
// and a supervisor of the region sees them — with their photos — live. The officer sees "terkirim" only
// once the server has confirmed every photo with a receipt.

const MONAS = { latitude: -6.1754, longitude: 106.8272, accuracy: 9 };

async function fileReport(page: Page, description: string, photos: number): Promise<void> {
  await page.getByRole('link', { name: 'Laporan baru' }).click();
  // After a save the form is ready for the next report, camera still on.
  if (!(await page.getByRole('button', { name: 'Ambil foto' }).isVisible())) {
    await page.getByRole('button', { name: 'Nyalakan kamera' }).click();
  }
  for (let i = 0; i < photos; i++) {
    await page.getByRole('button', { name: 'Ambil foto' }).click();
    await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(i + 1);
    await page.waitForTimeout(600); // the fake camera's next frame, so photos differ
  }
  await page.getByLabel('Kategori').fill('pedagang');
  await page.getByRole('option', { name: /Pedagang Kaki Lima/i }).click();
  await page.getByLabel('Uraian').fill(description);
  await page.getByRole('button', { name: 'Simpan laporan' }).click();
  await page.getByText('Laporan tersimpan di perangkat').first().waitFor();
}

async function syncStates(page: Page): Promise<string[]> {
  return page
    .getByTestId('sync-state')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-state') ?? ''));
}

describe('sync between an officer and a supervisor in Chromium', () => {
  let t: TestEnv;
  let server: TestServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t, ['--web']);
    await addUser(t, 'ani', 'officer', 'kata-sandi-ani', ['--team', 'regu-1', '--region', 'jakarta-pusat']);
    await addUser(t, 'indra', 'officer', 'kata-sandi-indra', [
      '--team',
      'regu-1',
      '--region',
      'jakarta-pusat',
    ]);
    await addUser(t, 'budi', 'supervisor', 'kata-sandi-budi', ['--region', 'jakarta-pusat']);
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.stop();
    if (t) cleanup(t);
  });

  it('offline capture → online → the supervisor sees the report and its photos; terkirim only after receipts', async () => {
    const officer = await browser.newContext({ permissions: ['geolocation', 'camera'], geolocation: MONAS });
    const supervisor = await browser.newContext();
    try {
      const o = await officer.newPage();
      await signIn(o, server.url, 'ani', 'kata-sandi-ani');
      const s = await supervisor.newPage();
      await signIn(s, server.url, 'budi', 'kata-sandi-budi');
      await s.getByRole('link', { name: 'Antrean tinjauan' }).click();
      await s.getByTestId('empty-review').waitFor();

      await officer.setOffline(true);
      await fileReport(o, 'PKL menutup trotoar di depan halte Monas.', 2);
      await o.getByRole('link', { name: 'Laporan saya' }).click();
      await expect.poll(() => syncStates(o)).toEqual(['pending']);

      const backOnline = Date.now();
      await officer.setOffline(false);
      const item = s.getByTestId('review-item');
      await item.first().waitFor({ timeout: 60_000 });
      const seenAfterMs = Date.now() - backOnline;
      console.log(`live: the supervisor saw the report ${seenAfterMs} ms after the officer came back online`);
      expect(await item.count()).toBe(1);
      expect(await item.innerText()).toContain('PKL menutup trotoar di depan halte Monas.');
      // Both photos arrive on demand from the gateway (the supervisor replicates none).
      await expect.poll(() => item.locator('img').count(), { timeout: 30_000 }).toBe(2);

      await expect.poll(() => syncStates(o), { timeout: 60_000 }).toEqual(['confirmed']);
      // "Terkirim" means the server holds every photo, byte-checked: each has its receipt.
      const token = (await login(server.url, 'ani', 'kata-sandi-ani')).body.token as string;
      const shas = await item
        .getByTestId('review-photo')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-sha256')));
      for (const sha of shas) {
        const receipt = await api(server.url, 'GET', `/db/photos/receipt:${sha}`, { token });
        expect(receipt.status).toBe(200);
        const photo = await fetch(`${server.url}/db/photos/photo:${sha}/photo.jpg`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(
          crypto
            .createHash('sha256')
            .update(Buffer.from(await photo.arrayBuffer()))
            .digest('hex'),
        ).toBe(sha);
      }
      await expect.poll(() => o.getByTestId('sync-bar').getAttribute('data-phase')).not.toBe('error');
    } finally {
      await officer.close();
      await supervisor.close();
    }
  });

  it('survives a reload mid-sync: everything arrives exactly once', async () => {
    const officer = await browser.newContext({ permissions: ['geolocation', 'camera'], geolocation: MONAS });
    try {
      const o = await officer.newPage();
      await signIn(o, server.url, 'indra', 'kata-sandi-indra');
      await officer.setOffline(true);
      for (let r = 1; r <= 3; r++) await fileReport(o, `Laporan ${r} dari indra: kerumunan di pasar.`, 2);
      await officer.setOffline(false);
      // Reload as soon as the first upload is under way.
      await o.waitForRequest((req) => req.url().includes('/db/'), { timeout: 30_000 });
      await o.reload();
      await unlockWithPassword(o, 'kata-sandi-indra');
      await o.getByRole('link', { name: 'Laporan saya' }).click();
      try {
        await expect
          .poll(() => syncStates(o), { timeout: 90_000 })
          .toEqual(['confirmed', 'confirmed', 'confirmed']);
      } catch (e) {
        // Say what the server holds, so a failure here can be diagnosed from CI's log.
        const tk = (await login(server.url, 'indra', 'kata-sandi-indra')).body.token as string;
        const ch = await api(server.url, 'GET', '/db/reports/_changes?include_docs=true&since=0', {
          token: tk,
        });
        for (const r of ch.body.results as Array<{ doc: { photos: Array<{ sha256: string }> } }>) {
          for (const p of r.doc.photos) {
            const ph = await api(server.url, 'GET', `/db/photos/photo:${p.sha256}`, { token: tk });
            const rc = await api(server.url, 'GET', `/db/photos/receipt:${p.sha256}`, { token: tk });
            console.log(
              `diagnosis: photo ${p.sha256.slice(0, 12)} on server ${ph.status}, receipt ${rc.status}`,
            );
          }
        }
        console.log(`diagnosis: sync bar: ${await o.getByTestId('sync-bar').innerText()}`);
        console.log(`diagnosis: server log: ${server.output().slice(-2000)}`);
        throw e;
      }

      const token = (await login(server.url, 'budi', 'kata-sandi-budi')).body.token as string;
      const changes = await api(server.url, 'GET', '/db/reports/_changes?include_docs=true&since=0', {
        token,
      });
      const mine = (
        changes.body.results as Array<{ doc: { author: string; photos: Array<{ sha256: string }> } }>
      )
        .map((r) => r.doc)
        .filter((d) => d.author === 'indra');
      expect(mine).toHaveLength(3);
      const shas = mine.flatMap((d) => d.photos.map((p) => p.sha256));
      expect(new Set(shas).size).toBe(6);
      for (const sha of shas) {
        const photo = await fetch(`${server.url}/db/photos/photo:${sha}/photo.jpg`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(photo.status).toBe(200);
        expect(
          crypto
            .createHash('sha256')
            .update(Buffer.from(await photo.arrayBuffer()))
            .digest('hex'),
        ).toBe(sha);
      }
    } finally {
      await officer.close();
    }
  });
});
