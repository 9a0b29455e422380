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

/**
 * After a reload or a restart in web mode the user's data key is closed (issue 13): the unlock screen asks for
 * the password, which opens it on the device (no server needed).
 */
export async function unlockWithPassword(page: Page, password: string): Promise<void> {
  await page.getByTestId('unlock-screen').waitFor();
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Buka', exact: true }).click();
  await page.getByRole('navigation', { name: 'Navigasi utama' }).waitFor();
}

/** Files a report from the capture form: one imported photo, category *Pedagang Kaki Lima*, `description`. */
export async function saveReportWithPhoto(page: Page, jpeg: Buffer, description: string): Promise<void> {
  await page.getByRole('link', { name: 'Laporan baru' }).click();
  await page
    .getByLabel('Impor foto')
    .setInputFiles({ name: 'bukti.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await page.getByTestId('photo-thumb').first().waitFor();
  await page.getByLabel('Kategori').fill('pedagang');
  await page.getByRole('option', { name: /Pedagang Kaki Lima/i }).click();
  await page.getByLabel('Uraian').fill(description);
  await page.getByRole('button', { name: 'Simpan laporan' }).click();
  await page.getByText('Laporan tersimpan di perangkat').first().waitFor();
}
