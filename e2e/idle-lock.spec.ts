import type { Browser } from 'playwright-core';
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

// Issue 13's idle lock in Chromium: after the idle time everything is hidden, the half-filled form survives
// the lock, the PIN lifts it, and after five wrong PINs only the password does.

describe('idle lock', () => {
  let t: TestEnv;
  let server: TestServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t, ['--web']);
    ({ browser, close: closeBrowser } = await launchChromium());
    await addUser(t, 'ani', 'officer', 'kata-sandi-ani', ['--team', 'regu-1', '--region', 'jakarta-pusat']);
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.stop();
    if (t) cleanup(t);
  });

  it('locks when idle, hides the form but keeps it, opens with the PIN; five wrong PINs leave only the password', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signIn(page, server.url, 'ani', 'kata-sandi-ani');
      // The officer sets a PIN in the header's lock menu.
      await page.locator('summary', { hasText: 'Kunci' }).click();
      await page.getByLabel('Atur PIN (4–8 angka)').fill('12');
      await page.getByRole('button', { name: 'Simpan PIN' }).click();
      await page.getByText('PIN harus 4 sampai 8 angka.').waitFor();
      await page.getByLabel('Atur PIN (4–8 angka)').fill('2468');
      await page.getByRole('button', { name: 'Simpan PIN' }).click();
      await page.getByText('PIN disimpan.').waitFor();

      // A short idle time for the test (the menu offers minutes); it applies from the next start.
      await page.evaluate(() => localStorage.setItem('tertib.lock.idleSeconds', '2'));
      await page.reload();
      await unlockWithPassword(page, 'kata-sandi-ani');
      await page.getByRole('link', { name: 'Laporan baru' }).click();
      const description = 'Draf yang sedang diisi saat terkunci';
      await page.getByLabel('Uraian').fill(description);

      // No input: the lock comes, and nothing of the app is on screen.
      await page.getByTestId('lock-screen').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('app-content').isHidden()).toBe(true);
      expect(await page.evaluate(() => document.body.innerText)).not.toContain(description);

      // Wrong PINs count down; the right one opens, with the form as it was.
      await page.getByLabel('PIN', { exact: true }).fill('0000');
      await page.getByRole('button', { name: 'Buka', exact: true }).click();
      await page.getByText('Sisa 4 percobaan').waitFor();
      await page.getByLabel('PIN', { exact: true }).fill('2468');
      await page.getByRole('button', { name: 'Buka', exact: true }).click();
      await page.getByTestId('lock-screen').waitFor({ state: 'detached' });
      expect(await page.getByLabel('Uraian').inputValue()).toBe(description);

      // Idle again; five wrong PINs erase it, then only the password opens.
      await page.getByTestId('lock-screen').waitFor({ timeout: 30_000 });
      for (let i = 0; i < 5; i++) {
        await page.getByLabel('PIN', { exact: true }).fill('1111');
        await page.getByRole('button', { name: 'Buka', exact: true }).click();
        if (i < 4) await page.getByText(`Sisa ${4 - i} percobaan`).waitFor();
      }
      await page.getByText('Terlalu banyak PIN salah').waitFor();
      expect(await page.getByLabel('PIN', { exact: true }).count()).toBe(0);
      await page.getByLabel('Kata sandi').fill('salah-sekali');
      await page.getByRole('button', { name: 'Buka', exact: true }).click();
      await page.getByText('Kata sandi salah').waitFor();
      await page.getByLabel('Kata sandi').fill('kata-sandi-ani');
      await page.getByRole('button', { name: 'Buka', exact: true }).click();
      await page.getByTestId('lock-screen').waitFor({ state: 'detached' });
      expect(await page.getByLabel('Uraian').inputValue()).toBe(description);
    } finally {
      await context.close();
    }
  });
});
