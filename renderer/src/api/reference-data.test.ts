import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../../domain/categories';
import { DEFAULT_CAPTURE_SETTINGS } from '../data/contracts';
import { MemoryStore } from '../platform/key-value-store';
import {
  cachedReferenceData,
  categoriesKey,
  parseCaptureSettings,
  parseCategories,
  refreshReferenceData,
  settingsKey,
  type ReferenceFetcher,
} from './reference-data';

const SERVER = 'http://192.168.1.10:4984';
const categories = [
  { id: 'parkir-liar', label: { id: 'Parkir Liar', en: 'Illegal parking' }, active: true },
  { id: 'lama', label: { id: 'Lama', en: 'Old' }, active: false },
];
const settings = { maxPhotos: 3, accuracyThresholdM: 40, maxImportBytes: 20 * 1024 * 1024 };

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
  });

describe('reference data', () => {
  it('falls back to the defaults with neither server nor cache', async () => {
    const store = new MemoryStore();
    const data = await refreshReferenceData(fakeFetcher({}), store, SERVER);
    expect(data).toEqual({
      categories: DEFAULT_CATEGORIES,
      settings: DEFAULT_CAPTURE_SETTINGS,
      categoriesFrom: 'default',
      settingsFrom: 'default',
    });
    expect(cachedReferenceData(store, null).categoriesFrom).toBe('default');
  });

  it("uses the server's answer and caches it per server for offline use", async () => {
    const store = new MemoryStore();
    const fresh = await refreshReferenceData(online(), store, SERVER);
    expect(fresh).toEqual({ categories, settings, categoriesFrom: 'server', settingsFrom: 'server' });

    const offline = await refreshReferenceData(fakeFetcher({}), store, SERVER);
    expect(offline).toEqual({ categories, settings, categoriesFrom: 'cache', settingsFrom: 'cache' });
    expect(cachedReferenceData(store, SERVER)).toEqual(offline);
    expect(cachedReferenceData(store, 'http://other:4984').categoriesFrom).toBe('default');
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
