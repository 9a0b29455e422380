import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceListResponse, DeviceRecord } from '../domain/devices';
import {
  addUser,
  api,
  backendAdminUrl,
  cleanup,
  login,
  makeTestEnv,
  runCli,
  startServer,
  until,
  type TestEnv,
  type TestServer,
} from '../sync-server/test/harness';
import { saveReportWithPhoto, signIn } from './support/app-flows';
import { launchChromium, launchProfile } from './support/browser';
import { browserJpeg, byteRuns, scan } from './support/profile-scan';

// Issue 13, parts 3 and 4, end to end: real Chromium profiles against the embedded server. A device revoked
// while offline with unsent work wipes at its next contact (profile scan: nothing of the user left) and the
// server records its confirmation; `lost` sends nothing, `handover` sends first; a disabled account's device
// wipes although its session is gone; the registry's counts are what the device held.

const MONAS = { latitude: -6.1754, longitude: 106.8272, accuracy: 12 };

/**
 * The IndexedDB databases holding a user's data (renderer/src/data/wipe.ts): the encrypted RxDB databases,
 * the key stores and the photo vaults (PouchDB's `_pouch_` names; the encrypted one and the older plain one).
 */
const userDatabases = (page: Page): Promise<string[]> =>
  page.evaluate(async () =>
    (await indexedDB.databases())
      .map((d) => d.name ?? '')
      .filter((n) =>
        ['rxdb-dexie-tertib-enc-', 'tertib-key-', '_pouch_tertib-enc-photos-', '_pouch_tertib-photos-'].some(
          (p) => n.startsWith(p),
        ),
      ),
  );

describe('revoke and wipe a device (issue 13)', () => {
  let t: TestEnv;
  let server: TestServer;
  let adminToken: string;
  const admin = `admin-wipe-${crypto.randomBytes(2).toString('hex')}`;
  const adminPassword = 'kata-sandi-admin';
  const profiles: string[] = [];

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t, ['--web']);
    await addUser(t, t.userPrefix + admin, 'admin', adminPassword);
    adminToken = (await login(server.url, t.userPrefix + admin, adminPassword)).body.token as string;
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
    for (const dir of profiles) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function devicesOf(user: string): Promise<DeviceRecord[]> {
    const res = await api(server.url, 'GET', `/api/devices?user=${user}`, { token: adminToken });
    return (res.body as unknown as DeviceListResponse).devices;
  }

  /** The report documents the server holds whose text contains `marker` (read from the backend). */
  async function serverReportsWith(marker: string): Promise<number> {
    const db = `${t.env.TERTIB_DB_PREFIX ?? ''}reports`;
    const url = new URL(`${backendAdminUrl(t)}/${db}/_all_docs?include_docs=true`);
    const auth = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
    const res = await fetch(url, { headers: { authorization: auth } });
    const body = (await res.json()) as { rows: Array<{ doc?: unknown }> };
    return body.rows.filter((r) => JSON.stringify(r.doc ?? '').includes(marker)).length;
  }

  /** An officer signed in on a fresh profile, whose device registered (one online pass). */
  async function officerDevice(label: string) {
    const name = t.userPrefix + `petugas-${label}-${crypto.randomBytes(2).toString('hex')}`;
    const password = `kata-sandi-${label}`;
    await addUser(t, name, 'officer', password, ['--team', 'regu-1', '--region', 'jakarta-pusat']);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-profile-'));
    profiles.push(profile);
    const context = await launchProfile(profile, { permissions: ['geolocation'], geolocation: MONAS });
    const page = context.pages()[0] ?? (await context.newPage());
    await signIn(page, server.url, name, password);
    const device = await until(async () => (await devicesOf(name))[0], `${name}'s device registered`, 60_000);
    return { name, password, profile, context, page, device };
  }

  /** Offline, a report with a unique marker and a photo; returns the needles for the profile scan. */
  async function captureOffline(context: BrowserContext, page: Page, label: string) {
    const marker = `PENANDA-${label}-${crypto.randomBytes(6).toString('hex')}`;
    const jpeg = await browserJpeg(page);
    await context.setOffline(true);
    await saveReportWithPhoto(page, jpeg, `Pedagang di trotoar ${marker}`);
    await page.getByRole('link', { name: 'Laporan saya' }).click();
    await expect.poll(() => page.getByTestId('report-item').count()).toBe(1);
    return { marker, needles: { [`text:${marker}`]: Buffer.from(marker), ...byteRuns('photo', jpeg) } };
  }

  it('lost, ordered in Perangkat while the device is offline with an unsent report: at reconnect it wipes without sending, and the server has its confirmation', async () => {
    const officer = await officerDevice('hilang');
    const { marker, needles } = await captureOffline(officer.context, officer.page, 'hilang');
    // Positive control: the report's databases, the key and the photo vault holding its photo are there.
    const before = await userDatabases(officer.page);
    expect(before.some((n) => n.startsWith('rxdb-dexie-tertib-enc-'))).toBe(true);
    expect(before.some((n) => n.startsWith('tertib-key-'))).toBe(true);
    expect(before.some((n) => n.startsWith('_pouch_tertib-enc-photos-'))).toBe(true);
    // Every request the device makes from the reconnect on (the page's and any worker's).
    const requests: Array<{ method: string; url: string }> = [];
    officer.context.on('request', (req) => requests.push({ method: req.method(), url: req.url() }));

    // The administrator orders it in *Perangkat* (a browser of their own).
    const adminBrowser = await launchChromium();
    try {
      const adminPage = await (await adminBrowser.browser.newContext()).newPage();
      await signIn(adminPage, server.url, t.userPrefix + admin, adminPassword);
      await adminPage.getByRole('link', { name: 'Perangkat' }).click();
      const row = adminPage.locator(`[data-testid="device-row"][data-device="${officer.device.id}"]`);
      await row.waitFor();
      // Filters: it was seen a moment ago, and has reported no old unsent work.
      await adminPage.getByLabel('Tidak terlihat selama 7 hari').check();
      await expect.poll(() => row.count()).toBe(0);
      await adminPage.getByLabel('Tidak terlihat selama 7 hari').uncheck();
      await row.getByRole('button', { name: 'Hilang/dicuri' }).click();
      await row.getByLabel('Alasan pencabutan').fill('Laptop dicuri dari mobil patroli');
      await row.getByRole('button', { name: 'Cabut dan hapus' }).click();
      await expect.poll(() => row.getByTestId('device-wipe').getAttribute('data-ordered')).toBe('lost');
      expect(await row.getByTestId('device-wipe').getAttribute('data-confirmed')).toBe('no');

      // Back online: the device is told at its next contact and wipes; the reason is on screen.
      await officer.context.setOffline(false);
      await officer.page.getByTestId('wiped').waitFor({ timeout: 90_000 });
      expect(await officer.page.getByTestId('wiped').getAttribute('data-mode')).toBe('lost');
      expect(await officer.page.getByTestId('wipe-reason').innerText()).toContain(
        'Laptop dicuri dari mobil patroli',
      );
      const record = await until(
        async () => (await devicesOf(officer.name)).find((d) => d.wipeConfirmed !== null),
        'the wipe confirmation',
        60_000,
      );
      // What it held and did not send: one report, one photo — the counts the device reported at that contact.
      expect(record.wipeConfirmed).toMatchObject({ unsentReports: 1, unsentPhotos: 1 });
      expect(record.backlog).toMatchObject({ reports: 1, photos: 1 });
      expect(record.backlog?.oldestAt).not.toBeNull();
      await expect.poll(() => officer.page.getByTestId('wiped').getAttribute('data-confirmed')).toBe('true');
      // Lost: nothing was sent. The server not holding the report is not proof (the gateway refuses what the
      // revoked key signs): the device itself must not have tried. It did make the contact that carried the
      // order (so the listener saw its requests), and not one push of a report, an event or a photo.
      expect(await serverReportsWith(marker)).toBe(0);
      expect(
        requests.some(
          (r) => r.method === 'POST' && r.url.endsWith(`/api/devices/${officer.device.id}/contact`),
        ),
      ).toBe(true);
      const pushes = requests.filter(
        (r) =>
          (r.method === 'POST' && /\/db\/(reports|events)\/_bulk_docs\b/.test(r.url)) ||
          (r.method === 'PUT' && r.url.includes('/db/')),
      );
      expect(pushes).toEqual([]);

      // Perangkat shows the same counts and the confirmation.
      await adminPage.getByRole('button', { name: /Muat ulang/ }).click();
      await expect.poll(() => row.getByTestId('device-wipe').getAttribute('data-confirmed')).toBe('yes');
      expect(await row.getByTestId('device-unsent').getAttribute('data-reports')).toBe('1');
      expect(await row.getByTestId('device-unsent').getAttribute('data-photos')).toBe('1');
    } finally {
      await adminBrowser.close();
    }

    // The person at the laptop reads why, then the login form comes; nothing of the user is in the profile.
    await officer.page.getByRole('button', { name: 'Mengerti' }).click();
    await officer.page.getByLabel('Nama pengguna').waitFor();
    expect(await userDatabases(officer.page)).toEqual([]);
    await officer.context.close();
    expect(scan(officer.profile, needles)).toEqual({});
  });

  it('handover: the device sends its unsent report first, then signs out and wipes', async () => {
    const officer = await officerDevice('serah');
    const { marker, needles } = await captureOffline(officer.context, officer.page, 'serah');
    const ordered = await api(server.url, 'POST', `/api/devices/${officer.device.id}/wipe`, {
      token: adminToken,
      body: { mode: 'handover', reason: 'Pindah tugas ke pos 4' },
    });
    expect(ordered.status).toBe(200);

    await officer.context.setOffline(false);
    await officer.page.getByTestId('wiped').waitFor({ timeout: 120_000 });
    expect(await officer.page.getByTestId('wiped').getAttribute('data-mode')).toBe('handover');
    // The report reached the server before the wipe.
    expect(await serverReportsWith(marker)).toBe(1);
    const record = await until(
      async () => (await devicesOf(officer.name)).find((d) => d.wipeConfirmed !== null),
      'the wipe confirmation',
      60_000,
    );
    expect(record.wipeConfirmed).toMatchObject({ unsentReports: 0, unsentPhotos: 0 });
    // Its key is retired once it confirmed.
    expect(record.revoked).not.toBeNull();
    await officer.context.close();
    expect(scan(officer.profile, needles)).toEqual({});
  });

  it("a disabled account's device, closed offline and opened again online, wipes although its session is gone", async () => {
    const officer = await officerDevice('nonaktif');
    const { marker, needles } = await captureOffline(officer.context, officer.page, 'nonaktif');
    await officer.context.close();
    const disabled = await runCli(t, ['user', 'disable', officer.name]);
    expect(disabled.code, disabled.stderr).toBe(0);

    // The app starts again with the server reachable: the session is refused, the user's data stays locked,
    // and the wipe watcher's signed contact (no session, no counts) is told to wipe.
    const context = await launchProfile(officer.profile);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url + '/');
    await page.getByTestId('wiped').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('wiped').innerText()).toContain('dinonaktifkan');
    const record = await until(
      async () => (await devicesOf(officer.name)).find((d) => d.wipeConfirmed !== null),
      'the wipe confirmation',
      90_000,
    );
    expect(record.wipe).toMatchObject({ cause: 'account-disabled', mode: 'lost' });
    // Signed out, it could not count what it held; it says so rather than guessing.
    expect(record.wipeConfirmed).toMatchObject({ unsentReports: null, unsentPhotos: null });
    expect(await serverReportsWith(marker)).toBe(0);
    expect(await userDatabases(page)).toEqual([]);
    await context.close();
    expect(scan(officer.profile, needles)).toEqual({});
  });
});
