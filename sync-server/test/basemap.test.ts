import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FetchSource, PMTiles } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUsersAndLogIn,
  api,
  cleanup,
  makeTestEnv,
  rawRequest,
  startServer,
  type TestEnv,
  type TestServer,
} from './harness';
import { writePmtiles } from './pmtiles-fixture';

// The offline basemap (issue 12): an archive made here is served to signed-in users only, as byte ranges
// that the pmtiles reader (the one the app uses) reads tiles from; a damaged archive is reported at start,
// the server keeps running and serves no map.

const tiles = Array.from({ length: 40 }, (_, i) => ({
  z: 3,
  x: i % 8,
  y: Math.floor(i / 8),
  // Each tile's bytes say which tile it is, so a wrong range cannot pass.
  data: Uint8Array.from(Buffer.from(`tile 3/${i % 8}/${Math.floor(i / 8)} `.repeat(20 + i))),
}));
const archive = writePmtiles(tiles, {
  tileType: 'png',
  minZoom: 3,
  maxZoom: 3,
  bounds: [106.6, -6.4, 107.0, -6.0],
  metadata: { attribution: '<a href="https://osm.org">© Kontributor OpenStreetMap</a>' },
});

describe('basemap served by the sync-server', () => {
  let dir: string;
  let t: TestEnv;
  let server: TestServer;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-basemap-'));
    fs.writeFileSync(path.join(dir, 'jakarta.pmtiles'), archive);
    t = makeTestEnv({
      TERTIB_BASEMAP: path.join(dir, 'jakarta.pmtiles'),
      TERTIB_REGION_BOUNDS: 'jakarta-pusat=106.80,-6.22,106.88,-6.14',
    });
    server = await startServer(t);
    tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
      ['admin', 'admin', []],
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says in health that a basemap is served, and refuses the archive without a session', async () => {
    expect((await api(server.url, 'GET', '/api/health')).body).toMatchObject({ ok: true, basemap: true });
    const anonymous = await rawRequest(server.url, 'GET', '/api/basemap.pmtiles', {
      headers: { range: 'bytes=0-126' },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.includes(Buffer.from('PMTiles'))).toBe(false);
    expect((await api(server.url, 'GET', '/api/basemap')).status).toBe(401);
    const forged = await rawRequest(server.url, 'GET', '/api/basemap.pmtiles', {
      headers: { authorization: 'Bearer not-a-session', range: 'bytes=0-126' },
    });
    expect(forged.status).toBe(401);
  });

  it("describes the archive with the user's working area", async () => {
    const ani = await api(server.url, 'GET', '/api/basemap', { token: tokens.ani });
    expect(ani.status).toBe(200);
    const basemap = ani.body.basemap as Record<string, unknown>;
    expect(basemap).toMatchObject({
      tileType: 'png',
      minZoom: 3,
      maxZoom: 3,
      size: archive.length,
      area: [106.8, -6.22, 106.88, -6.14],
      attribution: '© Kontributor OpenStreetMap',
    });
    expect(basemap.url).toMatch(/^\/api\/basemap\.pmtiles\?v=/);
    // An administrator has no region: the archive's own bounds.
    const admin = await api(server.url, 'GET', '/api/basemap', { token: tokens.admin });
    expect((admin.body.basemap as { area: number[] }).area).toEqual([106.6, -6.4, 107, -6]);
  });

  it('serves byte ranges with 206, an ETag and a long cache for the versioned URL', async () => {
    const url = (
      (await api(server.url, 'GET', '/api/basemap', { token: tokens.ani })).body.basemap as {
        url: string;
      }
    ).url;
    const auth = { authorization: `Bearer ${tokens.ani}` };
    const head = await rawRequest(server.url, 'GET', url, { headers: { ...auth, range: 'bytes=0-126' } });
    expect(head.status).toBe(206);
    expect(head.headers['content-range']).toBe(`bytes 0-126/${archive.length}`);
    expect(head.headers['accept-ranges']).toBe('bytes');
    expect(head.body.equals(archive.subarray(0, 127))).toBe(true);
    expect(head.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    const etag = head.headers.etag;
    expect(etag).toBeTruthy();

    const from = archive.length - 500;
    const middle = await rawRequest(server.url, 'GET', url, {
      headers: { ...auth, range: `bytes=${from}-${from + 199}` },
    });
    expect(middle.status).toBe(206);
    expect(middle.body.equals(archive.subarray(from, from + 200))).toBe(true);
    expect(middle.headers.etag).toBe(etag);

    const unchanged = await rawRequest(server.url, 'GET', url, {
      headers: { ...auth, 'if-none-match': String(etag) },
    });
    expect(unchanged.status).toBe(304);
    const past = await rawRequest(server.url, 'GET', url, {
      headers: { ...auth, range: `bytes=${archive.length + 10}-${archive.length + 20}` },
    });
    expect(past.status).toBe(416);
    // Not the current version (or none): revalidated every time.
    const unversioned = await rawRequest(server.url, 'GET', '/api/basemap.pmtiles', {
      headers: { ...auth, range: 'bytes=0-9' },
    });
    expect(unversioned.headers['cache-control']).toBe('private, no-cache');
  });

  it('is read tile by tile by the pmtiles reader through the gateway', async () => {
    const source = new FetchSource(
      `${server.url}/api/basemap.pmtiles`,
      new Headers({ authorization: `Bearer ${tokens.ani}` }),
    );
    const reader = new PMTiles(source);
    const header = await reader.getHeader();
    expect(header).toMatchObject({ minZoom: 3, maxZoom: 3, numAddressedTiles: 40 });
    for (const tile of [tiles[0]!, tiles[17]!, tiles[39]!]) {
      const got = await reader.getZxy(tile.z, tile.x, tile.y);
      expect(Buffer.from(got!.data).equals(Buffer.from(tile.data))).toBe(true);
    }
    expect(await reader.getZxy(3, 7, 7)).toBeUndefined();
  });
});

describe('a damaged basemap', () => {
  let dir: string;
  let t: TestEnv;
  let server: TestServer;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-basemap-bad-'));
    // Cut off in its tile data, as a copy interrupted part way.
    fs.writeFileSync(path.join(dir, 'cut.pmtiles'), archive.subarray(0, archive.length - 300));
    t = makeTestEnv({ TERTIB_BASEMAP: path.join(dir, 'cut.pmtiles') });
    server = await startServer(t);
  });

  afterAll(async () => {
    await server?.stop();
    if (t) cleanup(t);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is reported at start, and the server runs on without a map', async () => {
    expect(server.output()).toMatch(/TERTIB_BASEMAP .*cut\.pmtiles is truncated.*no basemap is served/);
    expect((await api(server.url, 'GET', '/api/health')).body).toMatchObject({ ok: true, basemap: false });
    const tokens = await addUsersAndLogIn(t, server, [
      ['ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']],
    ]);
    const token = tokens.ani!;
    expect((await api(server.url, 'GET', '/api/basemap', { token })).body).toEqual({
      ok: true,
      basemap: null,
    });
    expect((await api(server.url, 'GET', '/api/basemap.pmtiles', { token })).status).toBe(404);
  });
});
