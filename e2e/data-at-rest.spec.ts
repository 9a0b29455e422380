import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  api,
  cleanup,
  login,
  makeTestEnv,
  startServer,
  until,
  type TestEnv,
  type TestServer,
} from '../sync-server/test/harness';
import { reportDoc } from '../sync-server/test/sync-fixtures';
import { signIn, unlockWithPassword } from './support/app-flows';
import { launchProfile } from './support/browser';
import { browserJpeg, byteRuns, scan, shownThumbnail } from './support/profile-scan';

// Issue 13's black-box proof, in Chromium with its own --user-data-dir: after capture, after sync and after
// sign-out, neither a marker from the description nor a 64-byte run of the photo is anywhere in the profile's
// files (IndexedDB's LevelDB and blob files, Cache Storage, the service worker's caches, localStorage…). The
// server's own data folder is elsewhere (the harness's DATA_DIR); it holds the plaintext, as it must.

const MONAS = { latitude: -6.1754, longitude: 106.8272, accuracy: 12 };

describe('data at rest in the browser profile (issue 13)', () => {
  let t: TestEnv;
  let server: TestServer;
  const profiles: string[] = [];

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t, ['--web']);
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
    for (const dir of profiles) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds no description marker and no photo bytes after capture, after sync and after sign-out; reopening offline needs the password', async () => {
    const name = `petugas-scan-${crypto.randomBytes(3).toString('hex')}`;
    const password = 'kata-sandi-scan';
    await addUser(t, name, 'officer', password, ['--team', 'regu-1', '--region', 'jakarta-pusat']);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-profile-'));
    profiles.push(profile);
    const marker = `PENANDA-${crypto.randomBytes(8).toString('hex')}`;
    const placeMarker = `TEMPAT-${crypto.randomBytes(8).toString('hex')}`;
    const open = () =>
      launchProfile(profile, {
        permissions: ['geolocation'],
        geolocation: MONAS,
        // The app's CSP rightly forbids fetching blob: URLs; the test reads the shown thumbnail's bytes.
        bypassCSP: true,
      });

    // 1. Capture offline, with a photo, then close the browser.
    let context: BrowserContext = await open();
    let page = context.pages()[0] ?? (await context.newPage());
    await signIn(page, server.url, name, password);
    const input = await browserJpeg(page);
    await page.getByRole('link', { name: 'Laporan baru' }).click();
    await page
      .getByLabel('Impor foto')
      .setInputFiles({ name: 'bukti.jpg', mimeType: 'image/jpeg', buffer: input });
    await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(1);
    const sha256 = (await page.getByTestId('photo-thumb').first().getAttribute('data-sha256')) ?? '';
    await expect.poll(() => page.getByTestId('photo-thumb').locator('img').count()).toBe(1);
    const thumbnail = await shownThumbnail(page);
    // Offline from here: the report is saved without any network.
    await context.setOffline(true);
    await page.getByLabel('Kategori').fill('pedagang');
    await page.getByRole('option', { name: /Pedagang Kaki Lima/i }).click();
    await page.getByLabel('Uraian').fill(`Pedagang di trotoar ${marker}`);
    await page.getByLabel('Keterangan tempat').fill(placeMarker);
    await page.getByRole('button', { name: 'Simpan laporan' }).click();
    await page.getByText('Laporan tersimpan di perangkat').first().waitFor();
    await context.close();

    const needles = {
      [`text:${marker}`]: Buffer.from(marker),
      [`text:${placeMarker}`]: Buffer.from(placeMarker),
      ...byteRuns('input', input),
      ...byteRuns('thumbnail', thumbnail),
    };
    // The scanner does find what the app keeps in the clear on purpose (the signed-in user's name in
    // localStorage), so "not found" below means something.
    expect(
      scan(profile, { [`text:${name}`]: Buffer.from(name) })[`text:${name}`]?.length ?? 0,
    ).toBeGreaterThan(0);
    expect(scan(profile, needles)).toEqual({});

    // 2. Reopen offline: a wrong password opens nothing, the right one opens the report, still unsent.
    context = await open();
    page = context.pages()[0] ?? (await context.newPage());
    await context.setOffline(true);
    await page.goto(server.url + '/');
    await page.getByTestId('unlock-screen').waitFor();
    await page.getByLabel('Kata sandi').fill('bukan-kata-sandinya');
    await page.getByRole('button', { name: 'Buka', exact: true }).click();
    await page.getByText('Kata sandi salah').waitFor();
    expect(await page.getByRole('navigation', { name: 'Navigasi utama' }).count()).toBe(0);
    await unlockWithPassword(page, password);
    await page.getByRole('link', { name: 'Laporan saya' }).click();
    const item = page.getByTestId('report-item');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.innerText()).toContain(marker);
    expect(await item.getByTestId('sync-state').getAttribute('data-state')).toBe('pending');

    // 3. Back online: the report and its photo reach the server (confirmed), then the browser closes.
    await context.setOffline(false);
    await expect
      .poll(() => item.getByTestId('sync-state').getAttribute('data-state'), { timeout: 90_000 })
      .toBe('confirmed');
    const stored = await page.evaluate(
      async ([server, sha]) => {
        const res = await fetch(`${server}/db/photos/photo:${sha}/photo.jpg`, {
          credentials: 'include',
          cache: 'no-store',
        });
        const bytes = new Uint8Array(await res.arrayBuffer());
        let s = '';
        for (const b of bytes) s += String.fromCharCode(b);
        return { status: res.status, b64: btoa(s) };
      },
      [server.url, sha256] as const,
    );
    expect(stored.status).toBe(200);
    const photo = Buffer.from(stored.b64, 'base64');
    expect(crypto.createHash('sha256').update(photo).digest('hex')).toBe(sha256);
    await context.close();
    const withPhoto = { ...needles, ...byteRuns('photo', photo) };
    expect(scan(profile, withPhoto)).toEqual({});

    // 4. Sign out (the shared laptop's next user), close, scan again.
    context = await open();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url + '/');
    await unlockWithPassword(page, password);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByLabel('Nama pengguna').waitFor();
    await context.close();
    expect(scan(profile, withPhoto)).toEqual({});
  });

  it('a lost data key gives a clear message and discards nothing: with the key back, the report is there', async () => {
    const name = `petugas-kunci-${crypto.randomBytes(3).toString('hex')}`;
    const password = 'kata-sandi-kunci';
    await addUser(t, name, 'officer', password, ['--team', 'regu-1', '--region', 'jakarta-pusat']);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-profile-'));
    profiles.push(profile);
    const context = await launchProfile(profile, { permissions: ['geolocation'], geolocation: MONAS });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await signIn(page, server.url, name, password);
      const jpeg = await browserJpeg(page);
      await context.setOffline(true);
      await page.getByRole('link', { name: 'Laporan baru' }).click();
      await page
        .getByLabel('Impor foto')
        .setInputFiles({ name: 'bukti.jpg', mimeType: 'image/jpeg', buffer: jpeg });
      await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(1);
      await page.getByLabel('Kategori').fill('pedagang');
      await page.getByRole('option', { name: /Pedagang Kaki Lima/i }).click();
      await page.getByLabel('Uraian').fill('Laporan yang tidak boleh hilang');
      await page.getByRole('button', { name: 'Simpan laporan' }).click();
      await page.getByText('Laporan tersimpan di perangkat').first().waitFor();

      // The wrapped key disappears (a cleared localStorage, a profile restored without it).
      const kept = await page.evaluate(() => {
        const name = Object.keys(localStorage).find((k) => k.startsWith('tertib.datakey:'))!;
        const value = localStorage.getItem(name)!;
        localStorage.removeItem(name);
        return { name, value };
      });
      await context.setOffline(false);
      await page.reload();
      // No key kept for this user: the server checks the password once, a new key is made, and the old
      // database does not open with it — said plainly, and nothing is deleted.
      await page.getByTestId('unlock-screen').waitFor();
      await page.getByLabel('Kata sandi').fill(password);
      await page.getByRole('button', { name: 'Buka', exact: true }).click();
      await page.getByTestId('data-key-lost').waitFor();
      expect(await page.getByTestId('data-key-lost').innerText()).toContain('Tidak ada yang dihapus');
      const databases = await page.evaluate(async () =>
        (await indexedDB.databases()).map((d) => d.name ?? ''),
      );
      expect(databases.some((n) => n.startsWith('rxdb-dexie-tertib-enc-') && n.endsWith('--reports'))).toBe(
        true,
      );

      // The key comes back (restored from a backup of the profile): the report is still there, unsent.
      await page.evaluate(({ name, value }) => localStorage.setItem(name, value), kept);
      await page.reload();
      await unlockWithPassword(page, password);
      await page.getByRole('link', { name: 'Laporan saya' }).click();
      const item = page.getByTestId('report-item');
      await expect.poll(() => item.count()).toBe(1);
      expect(await item.innerText()).toContain('Laporan yang tidak boleh hilang');
    } finally {
      await context.close();
    }
  });

  it("keeps a supervisor's cached figures and assignment directory sealed: an officer's name from them is nowhere in localStorage's files", async () => {
    // The marker is an officer's name: the dashboard's figures list it (per officer) and so does the
    // directory a follow-up is assigned from; both are kept on the device for offline use (issue 13, part 1).
    const officer = `ptg-${crypto.randomBytes(6).toString('hex')}`;
    const supervisor = `pengawas-${crypto.randomBytes(3).toString('hex')}`;
    await addUser(t, officer, 'officer', 'kata-sandi-ptg', ['--team', 'regu-1', '--region', 'jakarta-pusat']);
    await addUser(t, supervisor, 'supervisor', 'kata-sandi-pengawas', ['--region', 'jakarta-pusat']);
    const officerToken = (await login(server.url, officer, 'kata-sandi-ptg')).body.token as string;
    const supervisorToken = (await login(server.url, supervisor, 'kata-sandi-pengawas')).body.token as string;
    const report = reportDoc(officer, 'regu-1', 'jakarta-pusat');
    const put = await api(server.url, 'POST', '/db/reports/_bulk_docs', {
      token: officerToken,
      body: { docs: [{ _id: report.id, ...report }] },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    await until(async () => {
      const res = await api(server.url, 'GET', '/api/stats', { token: supervisorToken });
      return JSON.stringify(res.body).includes(officer);
    }, "the officer's report counted in the figures");

    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-profile-'));
    profiles.push(profile);
    const context = await launchProfile(profile);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await signIn(page, server.url, supervisor, 'kata-sandi-pengawas');
      const stats = page.waitForResponse((r) => r.url().includes('/api/stats'));
      await page.getByRole('link', { name: 'Dasbor' }).click();
      expect(await (await stats).text()).toContain(officer);
      await expect.poll(() => page.getByTestId('stats-freshness').getAttribute('data-source')).toBe('server');
      // The case screen's assign form fetches the directory (and keeps it for offline use).
      const directory = page.waitForResponse((r) => r.url().includes('/api/directory'), { timeout: 60_000 });
      await page.goto(`${server.url}/#/kasus/${report.id}`);
      expect(await (await directory).text()).toContain(officer);
      // Both copies are written a moment after the answers: wait until they are there.
      await expect
        .poll(() =>
          page.evaluate(
            () =>
              Object.keys(localStorage).filter(
                (k) => k.startsWith('tertib.stats:') || k.startsWith('tertib.directory:'),
              ).length,
          ),
        )
        .toBe(2);
    } finally {
      await context.close();
    }
    // localStorage's own files (LevelDB under "Local Storage"): the names must not be there in the clear.
    const local = path.join(profile, 'Default', 'Local Storage');
    expect(fs.existsSync(local)).toBe(true);
    const needles = { [`text:${officer}`]: Buffer.from(officer) };
    expect(scan(local, needles)).toEqual({});
    // The scanner would see them: the supervisor's own name is kept there in the clear (the session).
    expect(Object.keys(scan(local, { [`text:${supervisor}`]: Buffer.from(supervisor) }))).toHaveLength(1);
  });
});
