import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  cleanup,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
} from '../sync-server/test/harness';
import { signIn } from './support/app-flows';
import { launchChromium } from './support/browser';

// A case from filing to `selesai`, with two people in two browser contexts and one real server: the officer
// files offline, comes back online; the supervisor opens the case, sees its photo and the map's plain
// fallback, and moves it verify → disposisi → koordinasi → dikerjakan → selesai. After every step the
// officer's "Laporan saya" shows the new status without a reload. A step the status machine forbids is not
// offered by the UI and, forged with the supervisor's session, is refused by the server per document.

const MONAS = { latitude: -6.1754, longitude: 106.8272, accuracy: 9 };

async function fileReport(page: Page, category: RegExp, search: string, description: string): Promise<void> {
  await page.getByRole('link', { name: 'Laporan baru' }).click();
  if (!(await page.getByRole('button', { name: 'Ambil foto' }).isVisible())) {
    await page.getByRole('button', { name: 'Nyalakan kamera' }).click();
  }
  await page.getByRole('button', { name: 'Ambil foto' }).click();
  await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(1);
  await page.getByLabel('Kategori').fill(search);
  await page.getByRole('option', { name: category }).click();
  await page.getByLabel('Uraian').fill(description);
  await page.getByRole('button', { name: 'Simpan laporan' }).click();
  await page.getByText('Laporan tersimpan di perangkat').first().waitFor();
  await page.waitForTimeout(600); // the fake camera's next frame, so the next report's photo differs
}

/** A JPEG drawn by the browser: the "after" photo, chosen from a file like an imported one. */
async function browserJpeg(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(1200, 900);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#2a9d8f';
    ctx.fillRect(0, 0, 1200, 900);
    for (let i = 0; i < 200; i++) {
      ctx.fillStyle = `hsl(${(i * 53) % 360} 60% 45%)`;
      ctx.fillRect((i * 97) % 1200, (i * 61) % 900, 50, 30);
    }
    const bytes = new Uint8Array(
      await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer(),
    );
    let out = '';
    for (const b of bytes) out += String.fromCharCode(b);
    return btoa(out);
  });
  return Buffer.from(b64, 'base64');
}

const reportIdOf = (page: Page, description: string) =>
  page.getByTestId('report-item').filter({ hasText: description }).getAttribute('data-report-id');

const officerStatus = (page: Page, id: string) =>
  page
    .locator(`[data-testid="report-item"][data-report-id="${id}"] [data-testid="follow-up-status"]`)
    .getAttribute('data-status');

const offered = (page: Page) =>
  page
    .locator('[data-testid="case-actions"] [data-action]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));

/** Opens an action's form with its Alt shortcut, fills what it asks, saves, and waits until it is `until`. */
async function act(
  page: Page,
  action: string,
  fill: Record<string, string> = {},
  until: 'sent' | 'pending' = 'sent',
  more?: (form: Locator) => Promise<void>,
): Promise<void> {
  const counted = page.locator(`[data-testid="timeline-event"][data-sync="${until}"]`);
  const before = await counted.count();
  const actions = await offered(page);
  const n = actions.indexOf(action) + 1;
  expect(n, `${action} offered among ${actions.join(', ')}`).toBeGreaterThan(0);
  await page.keyboard.press(`Alt+${n}`);
  const form = page.getByTestId('action-form');
  await form.waitFor();
  for (const [label, value] of Object.entries(fill)) await form.getByLabel(label).fill(value);
  await more?.(form);
  await form.getByRole('button', { name: 'Simpan' }).click();
  await form.waitFor({ state: 'detached' });
  // Pending on the device first, then sent once the server holds it.
  try {
    await expect.poll(() => counted.count(), { timeout: 30_000 }).toBe(before + 1);
  } catch (err) {
    // Say where each event stands, so a failure here can be read from CI's log.
    const states = await page
      .getByTestId('timeline-event')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-sync')}`));
    const bar = await page
      .getByTestId('sync-bar')
      .innerText()
      .catch(() => '?');
    console.log(`after ${action}: ${states.join(', ')}; sync bar: ${bar}`);
    throw err;
  }
}

describe('a case from filing to selesai, officer and supervisor live', () => {
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
    ({ browser, close: closeBrowser } = await launchChromium());
    officer = await browser.newContext({ permissions: ['geolocation', 'camera'], geolocation: MONAS });
    supervisor = await browser.newContext();
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

  it('offline report → sync → verified, disposisi, koordinasi, dikerjakan, selesai; the officer sees each live', async () => {
    await officer.setOffline(true);
    // Unique per attempt: a retry runs in the same browser contexts, next to the first attempt's reports.
    const description = `PKL menutup trotoar di depan halte Monas (${Date.now()}).`;
    await fileReport(o, /Pedagang Kaki Lima/i, 'pedagang', description);
    await o.getByRole('link', { name: 'Laporan saya' }).click();
    const id = await reportIdOf(o, description);
    expect(id).toBeTruthy();
    await officer.setOffline(false);

    // The supervisor opens the case by its address; it fills in once the report has synced.
    await s.goto(`${server.url}/#/kasus/${id}`);
    const caseView = s.getByTestId('case');
    await caseView.waitFor({ timeout: 60_000 });
    expect(await s.getByTestId('case-status').getAttribute('data-status')).toBe('menunggu');
    expect(await s.getByTestId('case-author').innerText()).toBe('ani');
    expect(await s.getByTestId('case-location').innerText()).toMatch(
      /-6\.175400, 106\.827200 · Akurasi ±9 m · Sumber: GPS perangkat/,
    );

    // No tiles are configured (and this machine has no internet): point and accuracy circle on a plain background.
    const map = s.getByTestId('case-map');
    expect(await map.getAttribute('data-map-mode')).toBe('plain');
    await expect.poll(() => map.locator('path.case-map-accuracy').count()).toBe(1);
    expect(await map.locator('path.case-map-point').count()).toBe(1);
    expect(await map.locator('img.leaflet-tile').count()).toBe(0);

    // The photo, fetched on demand; full size in a dialog that zooms by keyboard and closes with Esc.
    const thumb = s.getByTestId('case-photo');
    await expect.poll(() => thumb.locator('img').count(), { timeout: 30_000 }).toBe(1);
    await thumb.click();
    const viewer = s.getByTestId('photo-viewer');
    await viewer.waitFor();
    await expect.poll(() => viewer.getByTestId('photo-full').count(), { timeout: 30_000 }).toBe(1);
    // The wheel zooms at the pointer, the keys around the centre.
    await viewer.getByTestId('photo-full').hover();
    await s.mouse.wheel(0, -100);
    await expect.poll(() => viewer.getByTestId('photo-zoom').getAttribute('data-scale')).toBe('1.25');
    await s.keyboard.press('0');
    expect(await viewer.getByTestId('photo-zoom').getAttribute('data-scale')).toBe('1.00');
    await s.keyboard.press('+');
    await s.keyboard.press('+');
    expect(await viewer.getByTestId('photo-zoom').getAttribute('data-scale')).toBe('1.56'); // 1.25²
    await viewer.getByTestId('photo-full').dblclick();
    expect(await viewer.getByTestId('photo-zoom').getAttribute('data-scale')).toBe('1.00');
    await s.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect(await thumb.evaluate((el) => el === document.activeElement)).toBe(true);

    // While waiting, "selesai" is not offered — and forged with the supervisor's own session, it is refused.
    expect(await offered(s)).toEqual(['dispose', 'reject', 'verify', 'assign', 'comment']);
    const forged = await s.evaluate(async (reportId) => {
      const now = new Date().toISOString();
      const doc = {
        _id: crypto.randomUUID(),
        type: 'event',
        reportId,
        kind: 'status-changed',
        from: 'menunggu',
        to: 'selesai',
        actor: 'budi',
        actorRole: 'supervisor',
        at: now,
        reportAuthor: 'ani',
        reportTeam: 'regu-1',
        reportRegion: 'jakarta-pusat',
      };
      const res = await fetch('/db/events/_bulk_docs', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ docs: [doc] }),
      });
      return (await res.json()) as Array<{ error?: string; reason?: string }>;
    }, id);
    expect(forged[0]?.error).toBe('forbidden');
    expect(forged[0]?.reason).toMatch(/menunggu to selesai/);

    await act(s, 'verify');
    await act(s, 'dispose', { 'Unit tujuan': 'Satpol PP Kec. Gambir' });
    expect(await s.getByTestId('case-unit').innerText()).toBe('Satpol PP Kec. Gambir');
    await expect.poll(() => officerStatus(o, id!), { timeout: 30_000 }).toBe('disposisi');

    await act(s, 'status-koordinasi');
    await expect.poll(() => officerStatus(o, id!), { timeout: 30_000 }).toBe('koordinasi');

    await act(s, 'assign', { Regu: 'regu-1', Petugas: 'ani' });
    await act(s, 'comment', { Komentar: 'Mohon dampingi tim regu-1.' });
    // Assignment and comments reach the officer's list live too.
    const row = o.locator(`[data-testid="report-item"][data-report-id="${id}"]`);
    await expect
      .poll(
        () =>
          row
            .getByTestId('follow-up-assigned')
            .innerText()
            .catch(() => ''),
        { timeout: 30_000 },
      )
      .toBe('ani · regu-1');
    await expect
      .poll(
        () =>
          row
            .getByTestId('follow-up-comments')
            .innerText()
            .catch(() => ''),
        { timeout: 30_000 },
      )
      .toBe('1');
    await act(s, 'status-dikerjakan');
    await expect.poll(() => officerStatus(o, id!), { timeout: 30_000 }).toBe('dikerjakan');

    // Closing needs a note: an empty one is refused in the form, nothing is written.
    expect(await offered(s)).toContain('status-selesai');
    const n = (await offered(s)).indexOf('status-selesai') + 1;
    await s.keyboard.press(`Alt+${n}`);
    await s.getByTestId('action-form').getByRole('button', { name: 'Simpan' }).click();
    await s.getByRole('alert').filter({ hasText: 'Catatan penutupan wajib diisi.' }).waitFor();
    await s.keyboard.press('Escape');
    // … with one "after" photo chosen from a file: resized and stored in the supervisor's vault, named by
    // the event, uploaded through the vault push.
    const jpeg = await browserJpeg(s);
    let afterSha: string | null = null;
    await act(
      s,
      'status-selesai',
      { 'Catatan penutupan': 'PKL ditertibkan, trotoar kembali bebas.' },
      'sent',
      async (form) => {
        await form
          .getByLabel('Impor foto')
          .setInputFiles({ name: 'sesudah.jpg', mimeType: 'image/jpeg', buffer: jpeg });
        await expect.poll(() => form.getByTestId('photo-thumb').count(), { timeout: 30_000 }).toBe(1);
        afterSha = await form.getByTestId('photo-thumb').getAttribute('data-sha256');
      },
    );
    expect(afterSha).toMatch(/^[0-9a-f]{64}$/);
    expect(await s.getByTestId('case-status').getAttribute('data-status')).toBe('selesai');
    const closing = s.locator('[data-testid="timeline-event"][data-kind="status-changed"]').last();
    expect(await closing.getByTestId('after-photo').getAttribute('data-sha256')).toBe(afterSha);
    await expect.poll(() => officerStatus(o, id!), { timeout: 30_000 }).toBe('selesai');
    expect(await offered(s)).toEqual(['comment']);

    // The officer opens the same case: the full history, oldest first; she may only comment.
    await o.getByTestId('report-item').filter({ hasText: description }).getByTestId('open-case').click();
    await o.getByTestId('case').waitFor();
    const kinds = () =>
      o.getByTestId('timeline-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    await expect
      .poll(kinds, { timeout: 30_000 })
      .toEqual([
        'verified',
        'disposed',
        'status-changed',
        'assigned',
        'commented',
        'status-changed',
        'status-changed',
      ]);
    expect(await o.getByTestId('timeline').innerText()).toContain('PKL ditertibkan, trotoar kembali bebas.');
    // The after-photo is not on her device: its thumbnail comes from the server, which lets the report's
    // author see a photo named by an event she may read; full size opens in the viewer.
    const after = o.getByTestId('after-photo');
    expect(await after.getAttribute('data-sha256')).toBe(afterSha);
    await expect.poll(() => after.locator('img').count(), { timeout: 60_000 }).toBe(1);
    await after.click();
    const full = o.getByTestId('photo-viewer');
    await expect.poll(() => full.getByTestId('photo-full').count(), { timeout: 30_000 }).toBe(1);
    await o.keyboard.press('Escape');
    await full.waitFor({ state: 'detached' });
    expect(await offered(o)).toEqual(['comment']);
    await act(o, 'comment', { Komentar: 'Terima kasih, sudah saya cek.' });
    // … and the supervisor's open case shows her comment live.
    await expect
      .poll(() => s.getByTestId('timeline').innerText(), { timeout: 30_000 })
      .toContain('Terima kasih, sudah saya cek.');
    expect(await s.getByTestId('case-status').getAttribute('data-status')).toBe('selesai');
  });

  it('lists a possible duplicate and links it; the later report points to the earlier one', async () => {
    await o.getByRole('link', { name: 'Laporan saya' }).click();
    const attempt = Date.now();
    await fileReport(o, /Parkir Liar/i, 'parkir', `Mobil parkir di trotoar, sisi barat ${attempt}-a.`);
    await fileReport(o, /Parkir Liar/i, 'parkir', `Mobil parkir di trotoar, sisi barat ${attempt}-b.`);
    await o.getByRole('link', { name: 'Laporan saya' }).click();
    const first = await reportIdOf(o, `${attempt}-a`);
    const second = await reportIdOf(o, `${attempt}-b`);

    await s.goto(`${server.url}/#/kasus/${first}`);
    await s.getByTestId('case').waitFor({ timeout: 60_000 });
    const item = s.locator(`[data-testid="duplicate-item"][data-report-id="${second}"]`);
    await item.waitFor({ timeout: 60_000 });
    // The PKL case is another category; a failed first attempt may have left another pair.
    expect(await item.innerText()).toContain(`${attempt}-b`);
    await item.getByRole('button', { name: 'Tandai duplikat' }).click();
    // The link is an event on the later report; that report is no longer offered as a candidate.
    await item.waitFor({ state: 'detached' });

    await s.goto(`${server.url}/#/kasus/${second}`);
    await s.getByTestId('case-duplicate-of').waitFor();
    expect(await s.getByTestId('case-duplicate-of').innerText()).toBe(first);
    const link = s.locator('[data-testid="timeline-event"][data-kind="linked-duplicate"]');
    await expect.poll(() => link.getAttribute('data-sync'), { timeout: 30_000 }).toBe('sent');
    // The officer's device receives the link too.
    await o.goto(`${server.url}/#/kasus/${second}`);
    await o.getByTestId('case-duplicate-of').waitFor({ timeout: 30_000 });
  });

  it('a comment made offline on a report made offline arrives after its report, never refused', async () => {
    const note = `Pedagang kembali berjualan (${Date.now()}).`;
    await officer.setOffline(true);
    await fileReport(o, /Pedagang Kaki Lima/i, 'pedagang', note);
    await o.getByRole('link', { name: 'Laporan saya' }).click();
    const id = await reportIdOf(o, note);
    await o.goto(`${server.url}/#/kasus/${id}`);
    await o.getByTestId('case').waitFor();
    await act(o, 'comment', { Komentar: 'Foto kedua menyusul.' }, 'pending');
    await officer.setOffline(false);
    const comment = o.locator('[data-testid="timeline-event"][data-kind="commented"]');
    await expect.poll(() => comment.getAttribute('data-sync'), { timeout: 60_000 }).toBe('sent');
    await s.goto(`${server.url}/#/kasus/${id}`);
    await expect
      .poll(
        () =>
          s
            .getByTestId('timeline')
            .innerText()
            .catch(() => ''),
        { timeout: 60_000 },
      )
      .toContain('Foto kedua menyusul.');
  });
});
