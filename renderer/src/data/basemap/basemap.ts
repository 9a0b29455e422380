// The basemap as the maps use it: what the server serves (GET /api/basemap, kept for offline use), a pmtiles
// reader over the device's copy that fetches what it lacks from the server (GET /api/basemap.pmtiles, the
// session's cookie or bearer token, so the CSP stays closed), and the download of the working area.

import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import type { BasemapResponse, Bounds } from '../../../../domain/api';
import { BasemapTileStore, type BasemapDescriptor, type StoreUsage } from './tile-store';

export type { BasemapDescriptor } from './tile-store';

type AuthorizedFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** Most the device keeps of the basemap; viewed tiles beyond it are evicted, a download stops at it. */
export const BASEMAP_STORAGE_LIMIT = 400 * 1024 * 1024;
/** Most tiles one "Unduh peta wilayah" fetches: the highest zooms are left out beyond it. */
export const MAX_AREA_TILES = 20_000;

export class BasemapUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BasemapUnavailableError';
  }
}

/** Ranges from the device's copy, else from the server (and kept). */
class DeviceFirstSource implements Source {
  constructor(
    private readonly url: string,
    private readonly fetch: AuthorizedFetch,
    private readonly store: BasemapTileStore,
    private readonly pinned: boolean,
    private readonly limit: number,
  ) {}

  getKey(): string {
    return this.url;
  }

  async getBytes(offset: number, length: number, signal?: AbortSignal): Promise<RangeResponse> {
    const kept = await this.store.get(offset, length);
    if (kept) return { data: kept };
    const res = await this.fetch(this.url, {
      headers: { Range: `bytes=${offset}-${offset + length - 1}` },
      ...(signal ? { signal } : {}),
    });
    if (res.status !== 206 && res.status !== 200) {
      throw new BasemapUnavailableError(`basemap answered ${res.status}`);
    }
    let data = await res.arrayBuffer();
    // A server that ignores Range sends the whole archive: keep only what was asked for.
    if (res.status === 200) data = data.slice(offset, offset + length);
    await this.store.put(offset, length, data, this.pinned);
    if (!this.pinned) await this.store.evictViewed(this.limit);
    return { data };
  }
}

export interface AreaProgress {
  done: number;
  total: number;
  /** Bytes of the basemap on the device so far. */
  bytes: number;
}

/** x/y tile numbers (Web Mercator) covering `bounds` at zoom z. */
export function tileRange(bounds: Bounds, z: number): { x0: number; x1: number; y0: number; y1: number } {
  const n = 2 ** z;
  const clampLat = (lat: number) => Math.max(-85.0511, Math.min(85.0511, lat));
  const tx = (lng: number) => Math.min(n - 1, Math.max(0, Math.floor(((lng + 180) / 360) * n)));
  const ty = (lat: number) => {
    const rad = (clampLat(lat) * Math.PI) / 180;
    const y = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n;
    return Math.min(n - 1, Math.max(0, Math.floor(y)));
  };
  const [w, s, e, north] = bounds;
  return { x0: tx(w), x1: tx(e), y0: ty(north), y1: ty(s) };
}

/** The tiles of the working area, lowest zoom first, stopping before the zoom that would pass `maxTiles`. */
export function areaTiles(
  bounds: Bounds,
  minZoom: number,
  maxZoom: number,
  maxTiles = MAX_AREA_TILES,
): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    const r = tileRange(bounds, z);
    const count = (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1);
    if (out.length + count > maxTiles) break;
    for (let x = r.x0; x <= r.x1; x++) for (let y = r.y0; y <= r.y1; y++) out.push([z, x, y]);
  }
  return out;
}

export class Basemap {
  /** The reader the maps draw from. */
  readonly archive: PMTiles;
  private readonly pinnedArchive: PMTiles;

  constructor(
    readonly info: BasemapDescriptor,
    readonly store: BasemapTileStore,
    url: string,
    fetch: AuthorizedFetch,
    private readonly limit = BASEMAP_STORAGE_LIMIT,
  ) {
    this.archive = new PMTiles(new DeviceFirstSource(url, fetch, store, false, limit));
    this.pinnedArchive = new PMTiles(new DeviceFirstSource(url, fetch, store, true, limit));
  }

  usage(): Promise<StoreUsage> {
    return this.store.currentUsage();
  }

  /** "Unduh peta wilayah": every tile of the working area, kept until the archive changes. */
  async downloadArea(onProgress: (p: AreaProgress) => void, signal?: AbortSignal): Promise<AreaProgress> {
    const tiles = areaTiles(this.info.area, this.info.minZoom, this.info.maxZoom);
    const progress: AreaProgress = { done: 0, total: tiles.length, bytes: (await this.usage()).bytes };
    onProgress({ ...progress });
    // A few at a time: the server answers ranges quickly, and the page stays responsive.
    let next = 0;
    const worker = async () => {
      while (next < tiles.length) {
        signal?.throwIfAborted();
        if ((await this.usage()).bytes >= this.limit) throw new BasemapUnavailableError('storage limit');
        const [z, x, y] = tiles[next++]!;
        await this.pinnedArchive.getZxy(z, x, y, signal);
        progress.done++;
        progress.bytes = (await this.usage()).bytes;
        onProgress({ ...progress });
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    return progress;
  }
}

const opened = new Map<string, Promise<BasemapTileStore>>();

/**
 * The server's basemap, asked of the server when it answers and remembered on the device when it does not;
 * null when the server has none (then the device's copy is dropped).
 */
export async function loadBasemap(server: string, fetch: AuthorizedFetch): Promise<Basemap | null> {
  let storeP = opened.get(server);
  if (!storeP) {
    storeP = BasemapTileStore.open(server);
    opened.set(server, storeP);
  }
  const store = await storeP;
  let info: BasemapDescriptor | null;
  try {
    // Offline the request may hang rather than fail (a captive network): the device's copy after 8 s.
    const res = await fetch(`${server}/api/basemap`, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(8_000),
    });
    if (res.status === 404) {
      // A server from before the basemap: none.
      info = null;
    } else if (!res.ok) {
      throw new BasemapUnavailableError(`basemap description answered ${res.status}`);
    } else {
      const body = (await res.json()) as BasemapResponse;
      info = body.basemap ?? null;
    }
    await store.setDescriptor(info);
  } catch {
    // Offline (or the server failing): what this device was last told.
    info = await store.getDescriptor();
  }
  if (!info) return null;
  return new Basemap(info, store, server + info.url, fetch);
}
