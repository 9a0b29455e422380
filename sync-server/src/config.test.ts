import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('TERTIB_PUBLIC_MIN_COUNT', () => {
  it('defaults to 5 and takes a whole number from 1 to 1000', () => {
    expect(loadConfig({}).publicMinCount).toBe(5);
    expect(loadConfig({ TERTIB_PUBLIC_MIN_COUNT: '10' }).publicMinCount).toBe(10);
  });

  it.each(['0', '-1', '2.5', 'lima', '1001'])('refuses %s with a message naming the variable', (value) => {
    try {
      loadConfig({ TERTIB_PUBLIC_MIN_COUNT: value });
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.join(' ')).toMatch(/TERTIB_PUBLIC_MIN_COUNT/);
    }
  });
});

const tiles = (env: Record<string, string>) => loadConfig(env, '/tmp').capture;

describe('map tile configuration', () => {
  it('defaults to no tiles (a plain background)', () => {
    expect(tiles({})).toMatchObject({ tileUrl: null, tileAttribution: null });
  });

  it('accepts an http(s) template with {z} {x} {y} and a plain-text credit', () => {
    expect(
      tiles({
        TERTIB_TILE_URL: ' https://{s}.tile.example/{z}/{x}/{y}.png ',
        TERTIB_TILE_ATTRIBUTION: ' © OpenStreetMap ',
      }),
    ).toMatchObject({
      tileUrl: 'https://{s}.tile.example/{z}/{x}/{y}.png',
      tileAttribution: '© OpenStreetMap',
    });
  });

  it.each([
    ['no placeholders', 'https://tile.example/tiles.png'],
    ['missing {y}', 'https://tile.example/{z}/{x}.png'],
    ['not http', 'file:///tiles/{z}/{x}/{y}.png'],
    ['javascript', 'javascript:alert(1)//{z}{x}{y}'],
    ['credentials', 'https://user:pw@tile.example/{z}/{x}/{y}.png'],
  ])('refuses %s', (_name, url) => {
    expect(() => loadConfig({ TERTIB_TILE_URL: url }, '/tmp')).toThrow(ConfigError);
  });
});

describe('scaling out (several sync-servers over one CouchDB)', () => {
  it('defaults: workers run here, 15 s leases, 120 s readiness lag, no metrics', () => {
    expect(loadConfig({}).scale).toEqual({
      instanceName: null,
      leaseSeconds: 15,
      runWorkers: true,
      readyMaxLagSeconds: 120,
      metricsPort: null,
      metricsHost: '127.0.0.1',
      metricsToken: null,
    });
  });

  it('takes the operator’s settings', () => {
    const token = 'x'.repeat(32);
    expect(
      loadConfig({
        TERTIB_INSTANCE_NAME: 'sync-2',
        TERTIB_LEASE_SECONDS: '30',
        TERTIB_WORKERS: 'none',
        TERTIB_METRICS_PORT: '9464',
        TERTIB_METRICS_TOKEN: token,
      }).scale,
    ).toMatchObject({
      instanceName: 'sync-2',
      leaseSeconds: 30,
      runWorkers: false,
      metricsPort: 9464,
      metricsToken: token,
    });
  });

  it.each([
    ['TERTIB_WORKERS', 'some'],
    ['TERTIB_LEASE_SECONDS', '0'],
    ['TERTIB_METRICS_TOKEN', 'short'],
    ['TERTIB_INSTANCE_NAME', 'sync 2'],
    ['TERTIB_METRICS_PORT', '70000'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});

describe('basemap and working areas', () => {
  it('resolves TERTIB_BASEMAP against the working directory and reads each region’s bounds', () => {
    const config = loadConfig(
      {
        TERTIB_BASEMAP: 'maps/jakarta.pmtiles',
        TERTIB_REGION_BOUNDS:
          ' jakarta-pusat = 106.80,-6.22,106.88,-6.14 ; jakarta-utara=106.68,-6.16,107.0,-6.08;',
      },
      '/srv/tertib',
    );
    expect(config.basemap).toBe('/srv/tertib/maps/jakarta.pmtiles');
    expect(config.regionBounds).toEqual({
      'jakarta-pusat': [106.8, -6.22, 106.88, -6.14],
      'jakarta-utara': [106.68, -6.16, 107, -6.08],
    });
    expect(loadConfig({}, '/tmp')).toMatchObject({ basemap: null, regionBounds: {} });
  });

  it.each([
    ['three numbers', 'jakarta-pusat=106.8,-6.22,106.88'],
    ['west east swapped', 'jakarta-pusat=106.88,-6.22,106.80,-6.14'],
    ['not numbers', 'jakarta-pusat=barat,selatan,timur,utara'],
    ['no region', '=106.80,-6.22,106.88,-6.14'],
    ['past the poles', 'kutub=0,-89,1,89'],
  ])('refuses %s', (_name, value) => {
    expect(() => loadConfig({ TERTIB_REGION_BOUNDS: value }, '/tmp')).toThrow(/TERTIB_REGION_BOUNDS/);
  });
});
