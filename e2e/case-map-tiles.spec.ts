import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { reportDoc } from '../sync-server/test/sync-fixtures';
import { signIn, unlockWithPassword } from './support/app-flows';
import { launchChromium } from './support/browser';

// Map tiles from the configured template (TERTIB_TILE_URL), served here by a local tile server: while it
// fails, the case map falls back to the plain background with its note (point and circle still drawn);
// once it answers, tiles show — fetched by the app and displayed from blob: URLs, so the CSP stays closed.

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('case map tiles', () => {
  let t: TestEnv;
  let server: TestServer;
  let tiles: http.Server;
  let serving = false;
  let tileRequests = 0;

  beforeAll(async () => {
    tiles = http.createServer((req, res) => {
      tileRequests++;
      res.setHeader('access-control-allow-origin', '*');
      if (!serving || !/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    });
    await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
    const port = (tiles.address() as AddressInfo).port;
    t = makeTestEnv({
      TERTIB_TILE_URL: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
      TERTIB_TILE_ATTRIBUTION: '© Ubin Uji',
    });
    server = await startServer(t, ['--web']);
    await addUser(t, 'ani', 'officer', 'kata-sandi-ani', ['--team', 'regu-1', '--region', 'jakarta-pusat']);
    await addUser(t, 'budi', 'supervisor', 'kata-sandi-budi', ['--region', 'jakarta-pusat']);
  });

  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => tiles?.close(resolve));
    if (t) cleanup(t);
  });

  it('falls back to the plain background while tiles fail, and shows tiles once they load', async () => {
    const token = (await login(server.url, 'ani', 'kata-sandi-ani')).body.token as string;
    const doc = reportDoc('ani', 'regu-1', 'jakarta-pusat');
    await api(server.url, 'POST', '/db/reports/_bulk_docs', {
      token,
      body: { docs: [{ ...doc, _id: doc.id }] },
    });

    const { browser, close } = await launchChromium();
    try {
      const s = await (await browser.newContext()).newPage();
      await signIn(s, server.url, 'budi', 'kata-sandi-budi');
      await s.goto(`${server.url}/#/kasus/${doc.id}`);
      const map = s.getByTestId('case-map');
      await map.waitFor({ timeout: 60_000 });
      await expect.poll(() => map.getAttribute('data-map-mode'), { timeout: 30_000 }).toBe('tiles-failed');
      expect(tileRequests).toBeGreaterThan(0);
      await s.getByTestId('map-tiles-failed').waitFor();
      expect(await map.locator('path.case-map-accuracy').count()).toBe(1);
      expect(await map.locator('path.case-map-point').count()).toBe(1);
      expect(await map.locator('img.leaflet-tile').count()).toBe(0);

      serving = true;
      await s.reload();
      await unlockWithPassword(s, 'kata-sandi-budi');
      await s.getByTestId('case-map').waitFor({ timeout: 60_000 });
      const tile = s.locator('[data-testid="case-map"] img.leaflet-tile-loaded');
      await expect.poll(() => tile.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(await tile.first().getAttribute('src')).toMatch(/^blob:/);
      expect(await s.getByTestId('case-map').getAttribute('data-map-mode')).toBe('tiles');
      expect(await s.getByText('© Ubin Uji').count()).toBe(1);
    } finally {
      await close();
    }
  });
});
