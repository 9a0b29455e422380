import crypto from 'node:crypto';
import fs from 'node:fs';
import Papa from 'papaparse';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  cleanup,
  makeTestEnv,
  startServer,
  addUsersAndLogIn,
  type TestEnv,
  type TestServer,
  until,
} from '../sync-server/test/harness';
import { printProgress, PRINT_STATE_PROBE } from '../electron/common/export-files';
import { signIn } from './support/app-flows';
import { launchChromium } from './support/browser';

// Exports against a real server: an officer's reports (real JPEGs, one without a location) and a
// supervisor's events go in through the gateway; the supervisor's app syncs them, and the CSV, the GeoJSON
// and the PDF case file come out through the UI. The PDF is made by Chromium's printToPDF (Playwright's
// page.pdf, the engine Electron's webContents.printToPDF uses) from the same print view, and read back
// with pdf.js.

const AWKWARD = 'PKL "Bu Siti", gerobak; menutup trotoar,\ndepan Pasar Senen — Jl. Kramat Raya ✓';
const FORMULA_NOTE = '=HYPERLINK("http://evil.example","klik")';

interface Seeded {
  id: string;
  shas: string[];
}

/** Real JPEGs (the print view must decode them), drawn by Chromium's canvas. */
async function makeJpegs(page: Page, labels: string[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const [i, label] of labels.entries()) {
    const bytes = await page.evaluate(
      async ({ label, hue, w, h }) => {
        const canvas = new OffscreenCanvas(w, h);
        const ctx = canvas.getContext('2d')!;
        ctx.fillStyle = `hsl(${hue} 60% 55%)`;
        ctx.fillRect(0, 0, w, h);
        ctx.fillStyle = '#fff';
        ctx.font = 'bold 64px sans-serif';
        ctx.fillText(label, 40, h / 2);
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
        return Array.from(new Uint8Array(await blob.arrayBuffer()));
      },
      { label, hue: (i * 97) % 360, w: 1200, h: 900 },
    );
    out.push(Buffer.from(bytes));
  }
  return out;
}

function photoDoc(author: string, jpeg: Buffer) {
  const sha256 = crypto.createHash('sha256').update(jpeg).digest('hex');
  return {
    _id: `photo:${sha256}`,
    type: 'photo',
    sha256,
    bytes: jpeg.length,
    width: 1200,
    height: 900,
    contentType: 'image/jpeg',
    author,
    storedAt: new Date().toISOString(),
    _attachments: {
      'photo.jpg': { content_type: 'image/jpeg', data: jpeg.toString('base64') },
      'thumb.jpg': { content_type: 'image/jpeg', data: jpeg.toString('base64') },
    },
  };
}

async function pdfPages(pdf: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(pdf),
    disableFontFace: true,
    useSystemFonts: false,
  }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return pages;
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('exports in Chromium against a real server', () => {
  let t: TestEnv;
  let server: TestServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let context: BrowserContext;
  let page: Page;
  const u = (n: string) => t.userPrefix + n;
  const reports: Seeded[] = [];

  beforeAll(async () => {
    t = makeTestEnv();
    server = await startServer(t, ['--web']);
    const tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['budi', 'supervisor', ['--region', 'jakarta-pusat']],
    ]);
    ({ browser, close: closeBrowser } = await launchChromium());
    context = await browser.newContext({ acceptDownloads: true });
    // The browser path opens the print dialog itself; count the calls instead of blocking on a dialog.
    await context.addInitScript(() => {
      const w = window as unknown as { __printCalls: number; print: () => void };
      w.__printCalls = 0;
      w.print = () => {
        w.__printCalls += 1;
      };
    });
    page = await context.newPage();
    await page.goto(`${server.url}/api/health`);

    const jpegs = await makeJpegs(page, ['A-1', 'A-2', 'B-1']);
    const photos = jpegs.map((j) => photoDoc(u('ani'), j));
    const up = await api(server.url, 'POST', '/db/photos/_bulk_docs', {
      token: tokens.ani,
      body: { docs: photos },
    });
    expect(up.status).toBe(201);
    expect((up.body as unknown as Array<{ ok?: boolean }>).every((r) => r.ok)).toBe(true);

    const now = Date.now();
    const iso = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const base = {
      type: 'report',
      author: u('ani'),
      team: 'regu-1',
      region: 'jakarta-pusat',
      deviceId: 'device-e2e',
      appVersion: '0.1.0',
      schemaVersion: 1,
    };
    const a = {
      ...base,
      id: crypto.randomUUID(),
      categoryId: 'pkl-trotoar',
      description: AWKWARD,
      placeNote: FORMULA_NOTE,
      location: { lat: -6.1754, lng: 106.8272, accuracyM: 9, source: 'device', fixedAt: iso(60) },
      capturedAt: iso(60),
      createdAt: iso(59),
      photos: photos.slice(0, 2).map((p) => ({ sha256: p.sha256, bytes: p.bytes, width: 1200, height: 900 })),
      area: {
        kelurahan: { code: '31.71.05.1001', name: 'Senen' },
        kecamatan: { code: '31.71.05', name: 'Senen' },
        kota: { code: '31.71', name: 'Kota Administrasi Jakarta Pusat' },
      },
    };
    const b = {
      ...base,
      id: crypto.randomUUID(),
      categoryId: 'parkir-liar',
      description: 'Parkir liar di bahu jalan; tanpa sinyal GPS di basement.',
      location: null,
      capturedAt: iso(50),
      createdAt: iso(49),
      photos: [{ sha256: photos[2]!.sha256, bytes: photos[2]!.bytes, width: 1200, height: 900 }],
    };
    const put = await api(server.url, 'POST', '/db/reports/_bulk_docs', {
      token: tokens.ani,
      body: { docs: [a, b].map((r) => ({ ...r, _id: r.id })) },
    });
    expect((put.body as unknown as Array<{ ok?: boolean }>).every((r) => r.ok)).toBe(true);
    reports.push(
      { id: a.id, shas: a.photos.map((p) => p.sha256) },
      { id: b.id, shas: [b.photos[0]!.sha256] },
    );

    const event = (kind: string, minutesAgo: number, extra: Record<string, unknown>) => ({
      _id: crypto.randomUUID(),
      type: 'event',
      kind,
      reportId: a.id,
      actor: u('budi'),
      actorRole: 'supervisor',
      at: iso(minutesAgo),
      reportAuthor: a.author,
      reportTeam: a.team,
      reportRegion: a.region,
      ...extra,
    });
    const events = [
      event('verified', 40, {}),
      event('disposed', 39, { unit: 'Satpol PP Kecamatan Senen', note: 'Segera ditertibkan.' }),
      event('status-changed', 30, { from: 'disposisi', to: 'dikerjakan' }),
      event('commented', 20, { text: 'Gerobak sudah dipindahkan ke lokasi binaan.' }),
    ].map((e) => ({ ...e, id: e._id }));
    const ev = await api(server.url, 'POST', '/db/events/_bulk_docs', {
      token: tokens.budi,
      body: { docs: events },
    });
    expect((ev.body as unknown as Array<{ ok?: boolean }>).every((r) => r.ok)).toBe(true);

    await signIn(page, server.url, u('budi'), 'kata-sandi-budi');
    await page.getByRole('link', { name: 'Antrean tinjauan' }).click();
    await until(
      async () => (await page.getByTestId('review-item').count()) === 2,
      'both reports in the review list',
      60_000,
    );
    // The events have synced too once A shows its folded status.
    const status = page.locator(`[data-report-id="${a.id}"] [data-testid="review-status"]`);
    await until(async () => (await status.innerText()) === 'Dikerjakan', 'the events of report A', 60_000);
  });

  afterAll(async () => {
    await context?.close();
    await closeBrowser?.();
    await server?.stop();
    if (t) cleanup(t);
  });

  async function download(button: string): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ]);
    const path = await file.path();
    return { name: file.suggestedFilename(), bytes: fs.readFileSync(path) };
  }

  it('downloads a CSV that Excel opens as UTF-8 and that parses back to the reports', async () => {
    const { name, bytes } = await download('Unduh CSV');
    expect(name).toMatch(/^tertib-laporan-\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text).toContain('\r\n');
    const parsed = Papa.parse<Record<string, string>>(text, { header: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(
      expect.arrayContaining(['ID laporan', 'Kategori', 'Status', 'Lintang', 'Bujur', 'Foto (sha256)']),
    );
    const rows = new Map(parsed.data.map((r) => [r['ID laporan'], r]));
    expect([...rows.keys()].sort()).toEqual(reports.map((r) => r.id).sort());
    const a = rows.get(reports[0]!.id)!;
    expect(a['Deskripsi']).toBe(AWKWARD);
    expect(a['Catatan tempat']).toBe(`'${FORMULA_NOTE}`);
    expect(a['Status']).toBe('Dikerjakan');
    expect(a['Unit disposisi']).toBe('Satpol PP Kecamatan Senen');
    expect(a['Terverifikasi']).toBe('Ya');
    expect(a['Kategori']).toBe('Pedagang Kaki Lima di Trotoar');
    expect(a['Lintang']).toBe('-6.1754');
    expect(a['Bujur']).toBe('106.8272');
    expect(a['Kelurahan']).toBe('Senen');
    expect(a['Petugas']).toBe(u('ani'));
    expect(a['Foto (sha256)']).toBe(reports[0]!.shas.join('; '));
    expect(a['Waktu pengambilan (ISO 8601, WIB +07:00)']).toMatch(/\+07:00$/);
    const b = rows.get(reports[1]!.id)!;
    expect(b['Lintang']).toBe('');
    expect(b['Status']).toBe('Menunggu');
    await expect.poll(() => page.getByTestId('export-status').innerText()).toContain(name);
  });

  it('downloads GeoJSON with one feature per report, longitude first, null geometry without a location', async () => {
    const { name, bytes } = await download('Unduh GeoJSON');
    expect(name).toMatch(/^tertib-laporan-\d{4}-\d{2}-\d{2}\.geojson$/);
    const doc = JSON.parse(bytes.toString('utf8')) as {
      type: string;
      features: Array<{
        type: string;
        id: string;
        geometry: { type: string; coordinates: number[] } | null;
        properties: Record<string, unknown>;
      }>;
    };
    expect(doc.type).toBe('FeatureCollection');
    expect(doc.features).toHaveLength(2);
    const byId = new Map(doc.features.map((f) => [f.id, f]));
    const a = byId.get(reports[0]!.id)!;
    expect(a.type).toBe('Feature');
    expect(a.geometry).toEqual({ type: 'Point', coordinates: [106.8272, -6.1754] });
    expect(a.properties.description).toBe(AWKWARD);
    expect(a.properties.status).toBe('dikerjakan');
    expect((a.properties.photos as Array<{ sha256: string }>).map((p) => p.sha256)).toEqual(reports[0]!.shas);
    const b = byId.get(reports[1]!.id)!;
    expect(b.type).toBe('Feature');
    expect(b.geometry).toBeNull();
  });

  it('prints the case file: the print dialog in the browser, and a PDF with every hash, one report per page group', async () => {
    // The case file follows the list's order (newest first).
    const listed = await page
      .getByTestId('review-item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-report-id') ?? ''));
    const ordered = listed.map((id) => reports.find((r) => r.id === id)!);
    expect(ordered.every(Boolean)).toBe(true);
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Cetak berkas kasus (PDF)' }).click(),
    ]);
    const root = popup.locator('[data-print-root]');
    await expect.poll(() => root.getAttribute('data-print-state'), { timeout: 60_000 }).toBe('ready');
    expect(await root.getAttribute('data-ready')).toBe('true');
    // The probe Electron's main process runs in its off-screen window reads the same state.
    expect(printProgress(await popup.evaluate(PRINT_STATE_PROBE), 0)).toBe('ready');
    // Every photo really loaded, and its bytes hash to what the report says.
    expect(await popup.locator('[data-testid="case-photo"][data-state="loaded"] img').count()).toBe(3);
    expect(await popup.getByTestId('hash-check').allInnerTexts()).toEqual(
      Array(3).fill('Hash berkas foto yang dicetak cocok dengan hash di laporan.'),
    );
    await expect
      .poll(() => popup.evaluate(() => (window as unknown as { __printCalls: number }).__printCalls))
      .toBe(1);
    expect(
      await popup
        .getByTestId('case-report')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-report-id'))),
    ).toEqual(listed);

    const pdf = await popup.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    // To look at it: TERTIB_E2E_PDF_OUT=/tmp/berkas.pdf
    if (process.env.TERTIB_E2E_PDF_OUT) fs.writeFileSync(process.env.TERTIB_E2E_PDF_OUT, pdf);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(reports.length);
    const all = squeeze(pages.join(' '));
    for (const r of reports) {
      expect(all).toContain(squeeze(r.id));
      for (const sha of r.shas) expect(all).toContain(sha);
    }
    // Each report starts on its own page: its title is on a page that begins with the agency's header, and
    // the reports' first pages are distinct and in order.
    const firstPages = ordered.map((r) =>
      pages.findIndex((p) => squeeze(p).includes(squeeze(`Berkas kasus ${r.id}`))),
    );
    expect(firstPages.every((p) => p >= 0)).toBe(true);
    expect(firstPages).toEqual([...firstPages].sort((x, y) => x - y));
    expect(new Set(firstPages).size).toBe(ordered.length);
    for (const p of firstPages) {
      // The page number (a margin box) comes first in the text layer; the agency line is in capitals (CSS).
      const start = pages[p]!.replace(/^\s*\d+ \/ \d+\s*/, '').slice(0, 60);
      expect(start.toLowerCase().startsWith('satuan polisi pamong praja'), start).toBe(true);
    }
    // Every page is numbered out of the total.
    pages.forEach((text, i) => expect(text).toContain(`${i + 1} / ${pages.length}`));
    // The timeline is in there, event by event.
    expect(all).toContain(squeeze('Didisposisikan ke Satpol PP Kecamatan Senen'));
    expect(all).toContain(squeeze('Gerobak sudah dipindahkan ke lokasi binaan.'));

    // A report this device does not hold makes the case file incomplete: the view says so and never
    // reports ready, so Electron's main process refuses to save it (print-failed).
    const absent = crypto.randomUUID();
    await popup.evaluate((hash) => (window.location.hash = hash), `#/cetak?ids=${listed[0]},${absent}`);
    await expect.poll(() => root.getAttribute('data-print-state')).toBe('failed');
    expect(await popup.getByTestId('print-missing').innerText()).toContain(absent);
    expect(await root.getAttribute('data-ready')).toBe('false');
    expect(printProgress(await popup.evaluate(PRINT_STATE_PROBE), 0)).toBe('failed');
    await popup.close();
  });
});
