import type { Browser, BrowserContext, Page } from 'playwright-core';
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

// Issue 12: the capture form's other location sources in real Chromium against `serve --web`.
// - "Penerima GNSS": a simulated serial receiver (a fake `navigator.serial` whose port's readable the test
//   feeds with NMEA bytes) drives the form through fix, lines cut across chunks, garbage, silence, a refused
//   save without a current fix, an unplugged port and a reconnect; the saved report carries the receiver's
//   position and source.
// - "Masukkan manual" by tapping the map: the tapped place becomes the report's location, the device's fix
//   is kept beside it.

const MONAS = { latitude: -6.1754, longitude: 106.8272 };
// The receiver stands 0.0005° east of the device's fix, so the report shows which source it took.
const RECEIVER = { lat: -6.1754, lng: 106.8277 };

function nmea(body: string): string {
  let cs = 0;
  for (const ch of body) cs ^= ch.charCodeAt(0);
  return `$${body}*${cs.toString(16).toUpperCase().padStart(2, '0')}\r\n`;
}
// 6°10.524' S, 106°49.662' E
const GGA = nmea('GPGGA,031500.00,0610.5240,S,10649.6620,E,1,09,0.9,12.0,M,16.0,M,,');
const RMC = nmea('GPRMC,031500.00,A,0610.5240,S,10649.6620,E,0.0,0.0,061226,,,A');
const GSA = nmea('GPGSA,A,3,04,05,09,12,24,,,,,,,,2.5,1.3,2.1');
// σlat 1.2 m, σlon 1.6 m → 2 m.
const GST = nmea('GPGST,031500.00,1.2,2.0,1.5,30.0,1.2,1.6,2.5');
const EPOCH = `${GST}${GGA}${RMC}${GSA}`;
const BAD = GGA.replace(/\*..\r\n$/, '*00\r\n');

/** A fake Web Serial: one port; the test feeds its readable, repeats a chunk like a 2 Hz receiver, unplugs it. */
function installFakeSerial(): void {
  type Ctl = ReadableStreamDefaultController<Uint8Array>;
  const state = {
    controller: null as Ctl | null,
    listeners: new Set<() => void>(),
    opened: [] as number[],
    closed: 0,
    repeat: null as ReturnType<typeof setInterval> | null,
  };
  const port = {
    readable: null as ReadableStream<Uint8Array> | null,
    async open({ baudRate }: { baudRate: number }) {
      state.opened.push(baudRate);
      port.readable = new ReadableStream<Uint8Array>({
        start(c) {
          state.controller = c;
        },
      });
    },
    async close() {
      state.closed++;
      port.readable = null;
    },
    addEventListener: (_t: string, l: () => void) => state.listeners.add(l),
    removeEventListener: (_t: string, l: () => void) => state.listeners.delete(l),
  };
  const send = (bytes: Uint8Array) => {
    try {
      state.controller?.enqueue(bytes);
    } catch {
      // The stream was cancelled or errored (disconnect, unplug): a real receiver's bytes go nowhere too.
    }
  };
  const text = (s: string) => new TextEncoder().encode(s);
  Object.defineProperty(navigator, 'serial', {
    configurable: true,
    value: { requestPort: async () => port, getPorts: async () => [port] },
  });
  Object.assign(window, {
    fakeGnss: {
      opened: () => [...state.opened],
      closed: () => state.closed,
      send: (s: string) => send(text(s)),
      sendBytes: (b: number[]) => send(new Uint8Array(b)),
      repeat(chunks: Array<string | number[]>) {
        if (state.repeat) clearInterval(state.repeat);
        const out = () => {
          for (const c of chunks) send(typeof c === 'string' ? text(c) : new Uint8Array(c));
        };
        out();
        state.repeat = setInterval(out, 500);
      },
      silence() {
        if (state.repeat) clearInterval(state.repeat);
        state.repeat = null;
      },
      unplug() {
        if (state.repeat) clearInterval(state.repeat);
        state.repeat = null;
        const c = state.controller;
        port.readable = null;
        c?.error(new DOMException('The device has been lost.', 'NetworkError'));
        for (const l of state.listeners) l();
      },
    },
  });
}

type FakeGnssMethod = 'opened' | 'closed' | 'send' | 'sendBytes' | 'repeat' | 'silence' | 'unplug';
/** Calls the fake receiver in the page (no eval: the app's CSP forbids it). */
const gnss = <T = void>(page: Page, method: FakeGnssMethod, arg?: unknown): Promise<T> =>
  page.evaluate(
    ([m, a]) => {
      const fake = (window as unknown as { fakeGnss: Record<string, (x: unknown) => unknown> }).fakeGnss;
      return fake[m]!(a) as T;
    },
    [method, arg] as const,
  );

const status = (page: Page) => page.getByTestId('gnss-status').getAttribute('data-status');

async function fillReport(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Nyalakan kamera' }).click();
  await page.getByRole('button', { name: 'Ambil foto' }).click();
  await expect.poll(() => page.getByTestId('photo-thumb').count()).toBe(1);
  await page.getByLabel('Kategori').fill('pedagang');
  await page.getByRole('option', { name: /Pedagang Kaki Lima/i }).click();
  await page.getByLabel('Uraian').fill(text);
}

async function openLatestCase(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'Laporan saya' }).click();
  await page.getByTestId('open-case').first().click();
  const location = page.getByTestId('case-location');
  await location.waitFor({ timeout: 30_000 });
  return location.innerText();
}

describe('capture location sources in Chromium', () => {
  let t: TestEnv;
  let server: TestServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let officerNo = 0;

  async function officer(
    options: { hasTouch?: boolean } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const name = `petugas${++officerNo}`;
    await addUser(t, name, 'officer', `kata-sandi-${name}`, [
      '--team',
      'regu-1',
      '--region',
      'jakarta-pusat',
    ]);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      permissions: ['geolocation', 'camera'],
      geolocation: { ...MONAS, accuracy: 12 },
      hasTouch: options.hasTouch ?? false,
    });
    await context.addInitScript(installFakeSerial);
    const page = await context.newPage();
    await signIn(page, server.url, name, `kata-sandi-${name}`);
    await page.getByRole('link', { name: 'Laporan baru' }).click();
    await page.getByRole('heading', { name: 'Laporan baru' }).waitFor();
    return { context, page };
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

  it('a simulated serial GNSS receiver drives the form: fix, garbage, silence, unplug; the report keeps its fix', async () => {
    const { context, page } = await officer();
    try {
      await page.getByRole('radio', { name: 'Penerima GNSS' }).check();
      expect(await status(page)).toBe('idle');
      await page.getByLabel('Kecepatan port (baud)').selectOption('4800');
      await page.getByRole('button', { name: 'Hubungkan penerima' }).click();
      await expect.poll(() => status(page)).toBe('waiting');
      expect(await gnss<number[]>(page, 'opened')).toEqual([4800]);
      expect(await page.getByText('Port terbuka pada 4800 baud.').count()).toBe(1);

      // One epoch cut mid-sentence and mid-checksum, the way a USB serial driver delivers it.
      const cuts = [0, 17, GST.length + 30, GST.length + GGA.length - 2, EPOCH.length - 5, EPOCH.length];
      for (let i = 1; i < cuts.length; i++) await gnss(page, 'send', EPOCH.slice(cuts[i - 1], cuts[i]));
      await expect.poll(() => status(page)).toBe('fix');
      expect(await page.getByTestId('gnss-accuracy').innerText()).toBe('±2 m');
      expect(await page.getByTestId('gnss-accuracy-from').innerText()).toContain('dari GST penerima');
      expect(await page.getByTestId('gnss-quality').innerText()).toBe('Sangat baik');
      const fixText = await page.getByTestId('gnss-fix').innerText();
      expect(fixText).toContain('Jenis fix: GPS');
      expect(fixText).toContain('Satelit dipakai: 9');
      // The capture map shows the receiver's point, not the device's.
      await expect
        .poll(() => page.locator('[data-testid="capture-map"] path.capture-map-point').count())
        .toBe(1);

      // Garbage: bad checksums and noise bytes, repeated — a wrong baud rate looks like this.
      await gnss(page, 'repeat', [BAD, [0xff, 0x00, 0xfe, 0x0d, 0x0a]]);
      await expect.poll(() => status(page), { timeout: 15_000 }).toBe('garbage');
      expect(await page.getByTestId('gnss-status').innerText()).toContain('checksum salah');
      expect(await page.getByTestId('gnss-accuracy').count()).toBe(0);
      expect(await page.getByTestId('gnss-last').innerText()).toMatch(
        /Posisi terakhir diterima \d+ detik lalu — tidak dipakai/,
      );

      // Silence: the receiver stops sending.
      await gnss(page, 'silence');
      await expect.poll(() => status(page), { timeout: 15_000 }).toBe('stopped');
      expect(await page.getByTestId('gnss-status').innerText()).toContain('berhenti mengirim data');

      // Saving now is refused: the last fix is stale and never passed off as current.
      await fillReport(page, 'PKL di trotoar, titik dari penerima GNSS.');
      await page.getByRole('button', { name: 'Simpan laporan' }).click();
      await page.getByText('Penerima GNSS belum memberi posisi terkini').first().waitFor();
      expect(await page.getByText('Laporan tersimpan di perangkat').count()).toBe(0);

      // Unplugged: the port's stream fails and the port reports a disconnect.
      await gnss(page, 'silence');
      await gnss(page, 'unplug');
      await expect.poll(() => status(page)).toBe('unplugged');
      expect(await page.getByTestId('gnss-status').innerText()).toContain('Penerima terputus');
      expect(await page.getByRole('button', { name: 'Hubungkan penerima' }).isEnabled()).toBe(true);
      // The form is never frozen: the description still takes input.
      await page.getByLabel('Uraian').fill('PKL di trotoar, titik dari penerima GNSS (tersambung lagi).');

      // Plugged in again at the default rate; a 2 Hz stream; save.
      await page.getByLabel('Kecepatan port (baud)').selectOption('9600');
      await page.getByRole('button', { name: 'Hubungkan penerima' }).click();
      await expect.poll(() => status(page)).toBe('waiting');
      await gnss(page, 'repeat', [EPOCH]);
      await expect.poll(() => status(page)).toBe('fix');
      expect(await gnss<number[]>(page, 'opened')).toEqual([4800, 9600]);
      await page.getByRole('button', { name: 'Simpan laporan' }).click();
      await page.getByText('Laporan tersimpan di perangkat').first().waitFor();

      const closedBefore = await gnss<number>(page, 'closed');
      const location = await openLatestCase(page);
      expect(location).toContain(`${RECEIVER.lat.toFixed(6)}, ${RECEIVER.lng.toFixed(6)}`);
      expect(location).toContain('Akurasi ±2 m');
      expect(location).toContain('Sumber: GNSS eksternal');
      // Leaving the form closed the port.
      expect(await gnss<number>(page, 'closed')).toBe(closedBefore + 1);
    } finally {
      await context.close();
    }
  });

  it('"Masukkan manual" by tapping the map: the tapped place is the report location, the GPS fix is kept', async () => {
    const { context, page } = await officer({ hasTouch: true });
    try {
      await expect.poll(() => page.getByTestId('location-accuracy').innerText()).toContain('12');
      await page.getByRole('radio', { name: 'Masukkan manual' }).check();
      const pin = page.locator('.capture-map-manual');
      await pin.waitFor();
      await expect.poll(() => page.locator('#capture-manual-lng').inputValue()).not.toBe('');
      const startLat = Number(await page.locator('#capture-manual-lat').inputValue());
      const startLng = Number(await page.locator('#capture-manual-lng').inputValue());
      expect(startLat).toBeCloseTo(MONAS.latitude, 4);
      expect(startLng).toBeCloseTo(MONAS.longitude, 4);

      await page.getByTestId('capture-map').scrollIntoViewIfNeeded();
      const box = (await pin.boundingBox())!;
      await page.touchscreen.tap(box.x + box.width / 2 + 90, box.y + box.height / 2 + 45);
      await expect
        .poll(async () => Number(await page.locator('#capture-manual-lng').inputValue()))
        .toBeGreaterThan(MONAS.longitude + 0.00005);
      const lat = Number(await page.locator('#capture-manual-lat').inputValue());
      const lng = Number(await page.locator('#capture-manual-lng').inputValue());
      expect(lat).toBeLessThan(MONAS.latitude - 0.00002);
      // The pin moved to the tapped place.
      const moved = (await pin.boundingBox())!;
      expect(moved.x - box.x).toBeCloseTo(90, -1);
      expect(moved.y - box.y).toBeCloseTo(45, -1);

      await fillReport(page, 'Bangunan liar di seberang jalan, bukan di titik GPS.');
      await page.getByRole('button', { name: 'Simpan laporan' }).click();
      await page.getByText('Laporan tersimpan di perangkat').first().waitFor();

      const location = await openLatestCase(page);
      expect(location).toContain(`${lat.toFixed(6)}, ${lng.toFixed(6)}`);
      expect(location).toContain('Pin manual');
      expect(await page.getByTestId('case-device-fix').innerText()).toContain(
        `GPS perangkat saat melapor: ${MONAS.latitude.toFixed(6)}, ${MONAS.longitude.toFixed(6)} (akurasi ±12 m)`,
      );
    } finally {
      await context.close();
    }
  });
});
