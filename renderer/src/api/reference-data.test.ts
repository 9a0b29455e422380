import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../../domain/categories';
import { DEFAULT_CAPTURE_SETTINGS } from '../data/contracts';
import { MemoryStore } from '../platform/key-value-store';
import {
  areasKey,
  cachedReferenceData,
  categoriesKey,
  parseAreas,
  parseCaptureSettings,
  parseCategories,
  refreshReferenceData,
  settingsKey,
  type AreaList,
  type ReferenceFetcher,
} from './reference-data';

const SERVER = 'http://192.168.1.10:4984';
const categories = [
  { id: 'parkir-liar', label: { id: 'Parkir Liar', en: 'Illegal parking' }, active: true },
  { id: 'lama', label: { id: 'Lama', en: 'Old' }, active: false },
];
const settings = { maxPhotos: 3, accuracyThresholdM: 40, maxImportBytes: 20 * 1024 * 1024 };
const areas: AreaList = {
  province: { code: '31', name: 'DKI Jakarta' },
  kota: [{ code: '31.71', name: 'Kota Administrasi Jakarta Pusat' }],
  kecamatan: [
    { code: '31.71.01', name: 'Gambir', kotaCode: '31.71' },
    { code: '31.71.06', name: 'Menteng', kotaCode: '31.71' },
  ],
  kelurahan: [
    { code: '31.71.01.1001', name: 'Gambir', kecamatanCode: '31.71.01' },
    { code: '31.71.06.1005', name: 'Kebon Sirih', kecamatanCode: '31.71.06' },
  ],
};

function fakeFetcher(answers: Partial<Record<string, unknown>>): ReferenceFetcher & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async get(path) {
      calls.push(path);
      const answer = answers[path];
      if (answer instanceof Error || answer === undefined) throw answer ?? new Error('network');
      return answer;
    },
  };
}

const online = () =>
  fakeFetcher({
    '/api/categories': { ok: true, categories },
    '/api/capture-settings': { ok: true, settings },
    '/api/areas': { ok: true, ...areas },
  });

describe('reference data', () => {
  it('falls back to the defaults with neither server nor cache', async () => {
    const store = new MemoryStore();
    const data = await refreshReferenceData(fakeFetcher({}), store, SERVER);
    expect(data).toEqual({
      categories: DEFAULT_CATEGORIES,
      settings: DEFAULT_CAPTURE_SETTINGS,
      areas: null,
      categoriesFrom: 'default',
      settingsFrom: 'default',
      areasFrom: 'default',
    });
    expect(cachedReferenceData(store, null).categoriesFrom).toBe('default');
  });

  it("uses the server's answer and caches it per server for offline use", async () => {
    const store = new MemoryStore();
    const fresh = await refreshReferenceData(online(), store, SERVER);
    expect(fresh).toEqual({
      categories,
      settings,
      areas,
      categoriesFrom: 'server',
      settingsFrom: 'server',
      areasFrom: 'server',
    });

    const offline = await refreshReferenceData(fakeFetcher({}), store, SERVER);
    expect(offline).toEqual({
      categories,
      settings,
      areas,
      categoriesFrom: 'cache',
      settingsFrom: 'cache',
      areasFrom: 'cache',
    });
    expect(cachedReferenceData(store, SERVER)).toEqual(offline);
    expect(cachedReferenceData(store, 'http://other:4984').categoriesFrom).toBe('default');
    expect(cachedReferenceData(store, 'http://other:4984').areas).toBeNull();
  });

  it('keeps the other two when the areas request fails or answers nonsense, and the cached areas meanwhile', async () => {
    const store = new MemoryStore();
    const failed = await refreshReferenceData(
      fakeFetcher({
        '/api/categories': { ok: true, categories },
        '/api/capture-settings': { ok: true, settings },
      }),
      store,
      SERVER,
    );
    expect(failed).toMatchObject({ categoriesFrom: 'server', settingsFrom: 'server', areas: null });
    expect(failed.areasFrom).toBe('default');

    await refreshReferenceData(online(), store, SERVER);
    const invalid = await refreshReferenceData(
      fakeFetcher({
        '/api/categories': { ok: true, categories },
        '/api/capture-settings': { ok: true, settings },
        '/api/areas': { ok: true, province: { code: '31', name: 'DKI Jakarta' }, kelurahan: 'none' },
      }),
      store,
      SERVER,
    );
    expect(invalid).toMatchObject({ categoriesFrom: 'server', settingsFrom: 'server', areasFrom: 'cache' });
    expect(invalid.areas).toEqual(areas);
    expect(JSON.parse(store.getItem(areasKey(SERVER)) ?? 'null')).toEqual({ ok: true, ...areas });
  });

  it('falls back per part when one request fails', async () => {
    const store = new MemoryStore();
    const data = await refreshReferenceData(
      fakeFetcher({ '/api/capture-settings': { ok: true, settings } }),
      store,
      SERVER,
    );
    expect(data.categoriesFrom).toBe('default');
    expect(data.settings).toEqual(settings);
  });

  it('ignores a corrupt cache and never caches an invalid answer', async () => {
    const store = new MemoryStore();
    store.setItem(categoriesKey(SERVER), '{not json');
    store.setItem(settingsKey(SERVER), JSON.stringify({ settings: { maxPhotos: 'many' } }));
    expect(cachedReferenceData(store, SERVER).categoriesFrom).toBe('default');

    await refreshReferenceData(
      fakeFetcher({ '/api/categories': { ok: true, categories: 'nope' }, '/api/capture-settings': {} }),
      store,
      SERVER,
    );
    expect(store.getItem(categoriesKey(SERVER))).toBe('{not json');
  });

  it('keeps working when localStorage refuses writes', async () => {
    const store = new MemoryStore();
    store.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const data = await refreshReferenceData(online(), store, SERVER);
    expect(data.categoriesFrom).toBe('server');
  });
});

describe('parseCategories', () => {
  it('drops invalid and duplicate items, and refuses a list without an active category', () => {
    const parsed = parseCategories({
      categories: [
        categories[0],
        { id: 'Bad Id', label: { id: 'x', en: 'x' }, active: true },
        categories[0],
        42,
      ],
    });
    expect(parsed).toEqual([categories[0]]);
    expect(parseCategories({ categories: [categories[1]] })).toBeNull();
    expect(parseCategories(null)).toBeNull();
    expect(parseCategories({ categories: {} })).toBeNull();
  });
});

describe('parseAreas', () => {
  it('accepts a well-formed list as it is', () => {
    expect(parseAreas({ ok: true, ...areas })).toEqual(areas);
  });

  it('drops malformed, duplicate and orphaned items, keeping the rest consistent', () => {
    const parsed = parseAreas({
      province: areas.province,
      kota: [...areas.kota, { code: 'JP', name: 'Bad code' }, { code: '31.72', name: '  ' }, 7],
      kecamatan: [
        ...areas.kecamatan,
        { code: '31.71.01', name: 'Duplicate', kotaCode: '31.71' },
        { code: '31.72.01', name: 'Parent dropped', kotaCode: '31.72' },
        { code: '31.74.01', name: 'Parent unknown', kotaCode: '31.74' },
        { code: '31.71.09', name: 'No parent field' },
      ],
      kelurahan: [
        ...areas.kelurahan,
        { code: '31.72.01.1001', name: 'Under a dropped kecamatan', kecamatanCode: '31.72.01' },
        { code: '31.71.06.1001', name: 'Code not under its parent', kecamatanCode: '31.71.01' },
        { code: '31.71.01.1002', name: 'x'.repeat(101), kecamatanCode: '31.71.01' },
        { code: '31.71.01.1003', name: 'Cideng', kecamatanCode: '31.71.01', extra: '<script>' },
        null,
      ],
    });
    expect(parsed?.kota).toEqual(areas.kota);
    expect(parsed?.kecamatan).toEqual(areas.kecamatan);
    expect(parsed?.kelurahan).toEqual([
      ...areas.kelurahan,
      { code: '31.71.01.1003', name: 'Cideng', kecamatanCode: '31.71.01' },
    ]);
  });

  it.each([
    [null],
    ['areas'],
    [{ ...areas, province: undefined }],
    [{ ...areas, province: { code: 31, name: 'DKI Jakarta' } }],
    [{ ...areas, kelurahan: [] }],
    [{ ...areas, kecamatan: 'none' }],
    [{ ...areas, kota: [] }],
  ])('refuses an answer without any usable kelurahan: %j', (body) => {
    expect(parseAreas(body)).toBeNull();
  });
});

describe('parseCaptureSettings', () => {
  it.each([
    [{ ...settings, maxPhotos: 0 }],
    [{ ...settings, maxPhotos: 2.5 }],
    [{ ...settings, maxPhotos: 50 }],
    [{ ...settings, accuracyThresholdM: -1 }],
    [{ ...settings, accuracyThresholdM: Number.NaN }],
    [{ ...settings, accuracyThresholdM: '50' }],
    [{ ...settings, maxImportBytes: 10 }],
    [{ maxPhotos: 3 }],
  ])('refuses %j', (value) => {
    expect(parseCaptureSettings({ ok: true, settings: value })).toBeNull();
  });

  it('accepts valid settings', () => {
    expect(parseCaptureSettings({ ok: true, settings })).toEqual(settings);
  });
});

describe('map tile settings', () => {
  it('are kept when valid, null when not a template, absent from an older server', () => {
    const tiles = { tileUrl: 'https://t.example/{z}/{x}/{y}.png', tileAttribution: '© Peta' };
    expect(parseCaptureSettings({ ok: true, settings: { ...settings, ...tiles } })).toEqual({
      ...settings,
      ...tiles,
    });
    expect(
      parseCaptureSettings({
        ok: true,
        settings: { ...settings, tileUrl: 'javascript:alert(1)', tileAttribution: 5 },
      }),
    ).toEqual({ ...settings, tileUrl: null, tileAttribution: null });
    expect(parseCaptureSettings({ ok: true, settings })).toEqual(settings);
  });
});
