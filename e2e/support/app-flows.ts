import type { Page } from 'playwright-core';

/** Signs in through the login form of the app served at `server`, and waits until the service worker controls
 * the page, so a later offline reload still loads the app. */
export async function signIn(page: Page, server: string, name: string, password: string): Promise<void> {
  await page.goto(server + '/');
  await page.getByLabel('Nama pengguna').fill(name);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByRole('navigation', { name: 'Navigasi utama' }).waitFor();
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
}
