// Categories, capture settings and administrative areas: data the server serves, needed offline from the
// first login. Fetched when a signed-in screen opens and the server answers, kept per server in
// localStorage, and otherwise taken from the cache, then from the built-in defaults (areas have none).

import type { AreasResponse, CaptureSettingsResponse, CategoriesResponse } from '../../../domain/api';
import { DEFAULT_CATEGORIES, validateCategory, type Category } from '../../../domain/categories';
import { AREA_CODE_RE, NOT_BLANK_RE } from '../../../domain/formats';
import { REPORT_LIMITS } from '../../../domain/report';
import { DEFAULT_CAPTURE_SETTINGS, type CaptureSettings } from '../data/contracts';
import type { KeyValueStore } from '../platform/key-value-store';
import type { ApiClient } from './api-client';

export type ReferenceSource = 'server' | 'cache' | 'default';

/** The deployment's kota → kecamatan → kelurahan with Kemendagri codes (`GET /api/areas` without `ok`). */
export type AreaList = Omit<AreasResponse, 'ok'>;

export interface ReferenceData {
  /** All categories, retired ones included (a restored draft may name one); offer only `active` ones. */
  categories: readonly Category[];
  settings: CaptureSettings;
  /** null: never loaded from this server (no built-in default: the list belongs to the deployment). */
  areas: AreaList | null;
  categoriesFrom: ReferenceSource;
  settingsFrom: ReferenceSource;
  /** `default` here means "no list": `areas` is null. */
  areasFrom: ReferenceSource;
}

export type ReferencePath = '/api/categories' | '/api/capture-settings' | '/api/areas';

/** What reference data needs from the server: three authenticated GETs. */
export interface ReferenceFetcher {
  get(path: ReferencePath): Promise<unknown>;
}

export const categoriesKey = (server: string): string => `tertib.categories:${server}`;
export const settingsKey = (server: string): string => `tertib.captureSettings:${server}`;
export const areasKey = (server: string): string => `tertib.areas:${server}`;

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

const AREA_CODE = new RegExp(AREA_CODE_RE);
const NOT_BLANK = new RegExp(NOT_BLANK_RE);

/** A code and a name a report's `area` may carry (the same rules as the report spec). */
function areaRef(item: unknown): { code: string; name: string } | null {
  const { code, name } = (item ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code !== 'string' || code.length > 16 || !AREA_CODE.test(code)) return null;
  if (typeof name !== 'string' || name.length > REPORT_LIMITS.areaNameMax || !NOT_BLANK.test(name))
    return null;
  return { code, name };
}

/**
 * The well-formed items of `list` with a new code and, with a `parentField`, a parent in `parents` whose
 * code begins the item's own (Kemendagri codes nest: `31.71` → `31.71.01` → `31.71.01.1001`), so every kept
 * kelurahan yields a complete, consistent `Area`. Returns each kept item's ref and parent code.
 */
function keepAreas(
  list: unknown,
  parentField: string | null,
  parents: ReadonlySet<string>,
): Array<{ ref: { code: string; name: string }; parent: string }> {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const kept: Array<{ ref: { code: string; name: string }; parent: string }> = [];
  for (const item of list) {
    const ref = areaRef(item);
    if (ref === null || seen.has(ref.code)) continue;
    const parent = parentField === null ? '' : (item as Record<string, unknown>)[parentField];
    if (typeof parent !== 'string') continue;
    if (parentField !== null && (!parents.has(parent) || !ref.code.startsWith(parent))) continue;
    seen.add(ref.code);
    kept.push({ ref, parent });
  }
  return kept;
}

/** The usable part of an areas answer; null when it has no province or no usable kelurahan at all. */
export function parseAreas(body: unknown): AreaList | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const province = b.province as { code?: unknown; name?: unknown } | null | undefined;
  if (typeof province?.code !== 'string' || typeof province.name !== 'string') return null;
  const kota = keepAreas(b.kota, null, new Set()).map(({ ref }) => ref);
  const kecamatan = keepAreas(b.kecamatan, 'kotaCode', new Set(kota.map((k) => k.code))).map(
    ({ ref, parent }) => ({ ...ref, kotaCode: parent }),
  );
  const kelurahan = keepAreas(b.kelurahan, 'kecamatanCode', new Set(kecamatan.map((k) => k.code))).map(
    ({ ref, parent }) => ({ ...ref, kecamatanCode: parent }),
  );
  if (kelurahan.length === 0) return null;
  return { province: { code: province.code, name: province.name }, kota, kecamatan, kelurahan };
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
  const areas = server === null ? null : parseAreas(readJson(store, areasKey(server)));
  return {
    categories: categories ?? DEFAULT_CATEGORIES,
    settings: settings ?? DEFAULT_CAPTURE_SETTINGS,
    areas,
    categoriesFrom: categories ? 'cache' : 'default',
    settingsFrom: settings ? 'cache' : 'default',
    areasFrom: areas ? 'cache' : 'default',
  };
}

/**
 * Asks the server for all three, caches what it answered validly, and falls back per part: a failed or invalid
 * answer keeps the cached (or default) value. Never rejects.
 */
export async function refreshReferenceData(
  fetcher: ReferenceFetcher,
  store: KeyValueStore,
  server: string,
): Promise<ReferenceData> {
  const fallback = cachedReferenceData(store, server);
  const [categoriesBody, settingsBody, areasBody] = await Promise.all([
    fetcher.get('/api/categories').catch(() => null),
    fetcher.get('/api/capture-settings').catch(() => null),
    fetcher.get('/api/areas').catch(() => null),
  ]);
  const categories = parseCategories(categoriesBody);
  const settings = parseCaptureSettings(settingsBody);
  const areas = parseAreas(areasBody);
  if (categories) writeJson(store, categoriesKey(server), { ok: true, categories });
  if (settings) writeJson(store, settingsKey(server), { ok: true, settings });
  if (areas) writeJson(store, areasKey(server), { ok: true, ...areas });
  return {
    categories: categories ?? fallback.categories,
    settings: settings ?? fallback.settings,
    areas: areas ?? fallback.areas,
    categoriesFrom: categories ? 'server' : fallback.categoriesFrom,
    settingsFrom: settings ? 'server' : fallback.settingsFrom,
    areasFrom: areas ? 'server' : fallback.areasFrom,
  };
}

/** The reference endpoints through the session's client (same transport, timeout and error mapping). */
export function clientFetcher(client: ApiClient): ReferenceFetcher {
  return { get: (path) => client.getReference(path) };
}
