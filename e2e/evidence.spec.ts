import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  api,
  cleanup,
  login,
  makeTestEnv,
  runCli,
  startServer,
  type TestEnv,
  type TestServer,
} from '../sync-server/test/harness';
import { signIn } from './support/app-flows';
import { launchChromium } from './support/browser';

// Evidence end to end (issue 11): an officer files offline, the app signs on the device; it syncs; a
// supervisor acts (signed, chained events), downloads the case bundle and `tertib-server verify` passes, the
// same bundle tampered fails, and the app's *Periksa berkas* screen agrees. A revoked device's next report is
// shown *ditolak* with the reason.

const MONAS = { latitude: -6.1754, longitude: 106.8272, accuracy: 9 };

async function fileReport(page: Page, description: string): Promise<string> {
  await page.getByRole('link', { name: 'Laporan baru' }).click();
  if (!(await page.getByRole('button', { name: 'Ambil foto' }).isVisible())) {
    await page.getByRole('button', { name: 'Nyalakan kamera' }).click();
  }
  await page.getByRole('button', { name: 'Ambil foto' }).click();
  await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(1);
  await page.getByLabel('Kategori').fill('pedagang');
  await page.getByRole('option', { name: /Pedagang Kaki Lima/i }).click();
  await page.getByLabel('Uraian').fill(description);
  await page.getByRole('button', { name: 'Simpan laporan' }).click();
  await page.getByText('Laporan tersimpan di perangkat').first().waitFor();
  await page.waitForTimeout(600); // the fake camera's next frame, so the next report's photo differs
  await page.getByRole('link', { name: 'Laporan saya' }).click();
  const id = await page
    .getByTestId('report-item')
    .filter({ hasText: description })
    .getAttribute('data-report-id');
  expect(id).toBeTruthy();
  return id!;
}

async function act(page: Page, action: string, fill: Record<string, string> = {}): Promise<void> {
  const sent = page.locator('[data-testid="timeline-event"][data-sync="sent"]');
  const before = await sent.count();
  const actions = await page
    .locator('[data-testid="case-actions"] [data-action]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
  await page.keyboard.press(`Alt+${actions.indexOf(action) + 1}`);
  const form = page.getByTestId('action-form');
  await form.waitFor();
  for (const [label, value] of Object.entries(fill)) await form.getByLabel(label).fill(value);
  await form.getByRole('button', { name: 'Simpan' }).click();
  await expect.poll(() => sent.count(), { timeout: 30_000 }).toBe(before + 1);
}

describe('evidence from the shutter to the verifier', () => {
  let t: TestEnv;
  let server: TestServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let officer: BrowserContext;
  let supervisor: BrowserContext;
  let o: Page;
  let s: Page;

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t, ['--web']);
    await addUser(t, 'ani', 'officer', 'kata-sandi-ani', ['--team', 'regu-1', '--region', 'jakarta-pusat']);
    await addUser(t, 'budi', 'supervisor', 'kata-sandi-budi', ['--region', 'jakarta-pusat']);
    await addUser(t, 'citra', 'admin', 'kata-sandi-citra');
    ({ browser, close: closeBrowser } = await launchChromium());
    officer = await browser.newContext({ permissions: ['geolocation', 'camera'], geolocation: MONAS });
    supervisor = await browser.newContext({ acceptDownloads: true });
    o = await officer.newPage();
    s = await supervisor.newPage();
    await signIn(o, server.url, 'ani', 'kata-sandi-ani');
    await signIn(s, server.url, 'budi', 'kata-sandi-budi');
  });

  afterAll(async () => {
    await officer?.close();
    await supervisor?.close();
    await closeBrowser?.();
    await server?.stop();
    if (t) cleanup(t);
  });

  it('capture offline → sync → supervisor acts → bundle verifies; tampered, it fails', async () => {
    await officer.setOffline(true);
    const id = await fileReport(o, `PKL di trotoar Jl. Medan Merdeka (${Date.now()}).`);
    await officer.setOffline(false);

    await s.goto(`${server.url}/#/kasus/${id}`);
    await s.getByTestId('case').waitFor({ timeout: 60_000 });
    expect(await s.getByTestId('case-signature').getAttribute('data-signed')).toBe('yes');
    await act(s, 'verify');
    await act(s, 'comment', { Komentar: 'Sudah dicek di lokasi.' });

    const bundleButton = s.getByTestId('download-bundle');
    await bundleButton.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([s.waitForEvent('download'), bundleButton.click()]);
    const file = path.join(t.dataDir, 'berkas.zip');
    await download.saveAs(file);

    const verified = await runCli(t, ['verify', file]);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toContain('✓ Rantai peristiwa utuh');
    // The photo's document was signed by the officer's device at capture, for this report.
    expect(verified.stdout).toContain('✓ Tanda tangan perangkat pada setiap dokumen foto');

    // The first event removed: the second names it as prev.
    const files = unzipSync(new Uint8Array(fs.readFileSync(file)));
    const report = JSON.parse(Buffer.from(files['report.json']!).toString('utf8')) as {
      photos: Array<{ sha256: string }>;
      deviceId: string;
    };
    const photoDoc = JSON.parse(
      Buffer.from(files[`photos/${report.photos[0]!.sha256}.json`]!).toString('utf8'),
    ) as Record<string, unknown>;
    expect(photoDoc).toMatchObject({ reportId: id, deviceId: report.deviceId, author: 'ani' });
    expect(typeof photoDoc.signature).toBe('string');
    const events = JSON.parse(Buffer.from(files['events.json']!).toString('utf8')) as unknown[];
    expect(events).toHaveLength(2);
    const tampered = path.join(t.dataDir, 'berkas-diubah.zip');
    fs.writeFileSync(
      tampered,
      zipSync({ ...files, 'events.json': new Uint8Array(Buffer.from(JSON.stringify(events.slice(1)))) }),
    );
    const refused = await runCli(t, ['verify', tampered]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('✗ Rantai peristiwa utuh');

    // The same verifier in the app.
    await s.getByRole('link', { name: 'Periksa berkas' }).click();
    await s.getByTestId('verify-file').setInputFiles(file);
    await expect
      .poll(() => s.getByTestId('verify-result').getAttribute('data-ok'), { timeout: 30_000 })
      .toBe('yes');
    await s.getByTestId('verify-file').setInputFiles(tampered);
    await expect
      .poll(() => s.getByTestId('verify-result').getAttribute('data-ok'), { timeout: 30_000 })
      .toBe('no');
    expect(await s.locator('[data-check="chain"]').getAttribute('data-status')).toBe('fail');
  });

  it('a revoked device is told to wipe at its next contact, with the reason, and signs nothing more', async () => {
    // Issue 13 turned revocation into a `lost` wipe order: the device learns it at its next contact (here the
    // wipe watcher, right after the reload, before the user's data is even unlocked) and wipes instead of
    // sending. The gateway's refusal of what a revoked key signs is tested in sync-server/test/signatures.test.ts.
    const admin = (await login(server.url, 'citra', 'kata-sandi-citra')).body.token as string;
    const devices = (await api(server.url, 'GET', '/api/devices?user=ani', { token: admin })).body
      .devices as Array<{ id: string }>;
    expect(devices).toHaveLength(1);
    const revoke = await api(server.url, 'POST', `/api/devices/${devices[0]!.id}/revoke`, {
      token: admin,
      body: { reason: 'Laptop hilang di pos' },
    });
    expect(revoke.status).toBe(200);
    await o.reload();
    await o.getByTestId('wiped').waitFor({ timeout: 60_000 });
    expect(await o.getByTestId('wipe-reason').innerText()).toContain('Laptop hilang di pos');
  });
});
