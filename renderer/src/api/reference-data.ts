// Categories and capture settings: data the server serves, needed offline from the first login. Fetched
// when a signed-in screen opens and the server answers, kept per server in localStorage, and otherwise
// taken from the cache, then from the built-in defaults.

import type { CaptureSettingsResponse, CategoriesResponse } from '../../../domain/api';
import { DEFAULT_CATEGORIES, validateCategory, type Category } from '../../../domain/categories';
import { REPORT_LIMITS } from '../../../domain/report';
import { DEFAULT_CAPTURE_SETTINGS, type CaptureSettings } from '../data/contracts';
import type { KeyValueStore } from '../platform/key-value-store';
import type { ApiClient } from './api-client';

export type ReferenceSource = 'server' | 'cache' | 'default';

export interface ReferenceData {
  /** All categories, retired ones included (a restored draft may name one); offer only `active` ones. */
  categories: readonly Category[];
  settings: CaptureSettings;
  categoriesFrom: ReferenceSource;
  settingsFrom: ReferenceSource;
}

/** What reference data needs from the server: two authenticated GETs. */
export interface ReferenceFetcher {
  get(path: '/api/categories' | '/api/capture-settings'): Promise<unknown>;
}

export const categoriesKey = (server: string): string => `tertib.categories:${server}`;
export const settingsKey = (server: string): string => `tertib.captureSettings:${server}`;

/** Valid categories of a response; null when it is not a category list at all. Invalid items are dropped. */
export function parseCategories(body: unknown): Category[] | null {
  const list = (body as Partial<CategoriesResponse> | null)?.categories;
  if (!Array.isArray(list)) return null;
  const seen = new Set<string>();
  const categories: Category[] = [];
  for (const item of list) {
    const checked = validateCategory(item);
    if (checked.ok && !seen.has(checked.value.id)) {
      seen.add(checked.value.id);
      categories.push(checked.value);
    }
  }
  // A list with no usable category would leave the officer unable to file anything.
  return categories.some((c) => c.active) ? categories : null;
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * Settings are taken whole or not at all: one out-of-range field means a server (or cache) we do not
 * understand, and mixing its other values with defaults would be a guess.
 */
export function parseCaptureSettings(body: unknown): CaptureSettings | null {
  const s = (body as Partial<CaptureSettingsResponse> | null)?.settings as
    Record<string, unknown> | undefined;
  if (typeof s !== 'object' || s === null) return null;
  const { maxPhotos, accuracyThresholdM, maxImportBytes } = s;
  if (!isInt(maxPhotos, 1, REPORT_LIMITS.maxPhotos)) return null;
  if (typeof accuracyThresholdM !== 'number' || !(accuracyThresholdM > 0)) return null;
  if (accuracyThresholdM > REPORT_LIMITS.accuracyMaxM) return null;
  if (!isInt(maxImportBytes, 1024, 1024 * 1024 * 1024)) return null;
  const out: CaptureSettings = { maxPhotos, accuracyThresholdM, maxImportBytes };
  // The map is not capture: a tile template we do not understand means a plain background, not defaults.
  if ('tileUrl' in s) out.tileUrl = isTileTemplate(s.tileUrl) ? s.tileUrl : null;
  if ('tileAttribution' in s) {
    out.tileAttribution = typeof s.tileAttribution === 'string' ? s.tileAttribution.slice(0, 200) : null;
  }
  return out;
}

/** An http(s) Leaflet template naming {z}, {x} and {y}. */
export const isTileTemplate = (v: unknown): v is string =>
  typeof v === 'string' && /^https?:\/\//.test(v) && ['{z}', '{x}', '{y}'].every((p) => v.includes(p));

function readJson(store: KeyValueStore, key: string): unknown {
  try {
    const text = store.getItem(key);
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

function writeJson(store: KeyValueStore, key: string, value: unknown): void {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch {
    // A full localStorage loses only the offline copy; the fresh data is still used now.
  }
}

/** What is available without the network: the server's cached answers, else the defaults. */
export function cachedReferenceData(store: KeyValueStore, server: string | null): ReferenceData {
  const categories = server === null ? null : parseCategories(readJson(store, categoriesKey(server)));
  const settings = server === null ? null : parseCaptureSettings(readJson(store, settingsKey(server)));
  return {
    categories: categories ?? DEFAULT_CATEGORIES,
    settings: settings ?? DEFAULT_CAPTURE_SETTINGS,
    categoriesFrom: categories ? 'cache' : 'default',
    settingsFrom: settings ? 'cache' : 'default',
  };
}

/**
 * Asks the server for both, caches what it answered validly, and falls back per part: a failed or invalid
 * answer keeps the cached (or default) value. Never rejects.
 */
export async function refreshReferenceData(
  fetcher: ReferenceFetcher,
  store: KeyValueStore,
  server: string,
): Promise<ReferenceData> {
  const fallback = cachedReferenceData(store, server);
  const [categoriesBody, settingsBody] = await Promise.all([
    fetcher.get('/api/categories').catch(() => null),
    fetcher.get('/api/capture-settings').catch(() => null),
  ]);
  const categories = parseCategories(categoriesBody);
  const settings = parseCaptureSettings(settingsBody);
  if (categories) writeJson(store, categoriesKey(server), { ok: true, categories });
  if (settings) writeJson(store, settingsKey(server), { ok: true, settings });
  return {
    categories: categories ?? fallback.categories,
    settings: settings ?? fallback.settings,
    categoriesFrom: categories ? 'server' : fallback.categoriesFrom,
    settingsFrom: settings ? 'server' : fallback.settingsFrom,
  };
}

/** The reference endpoints through the session's client (same transport, timeout and error mapping). */
export function clientFetcher(client: ApiClient): ReferenceFetcher {
  return { get: (path) => client.getReference(path) };
}
