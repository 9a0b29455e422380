// The device's copy of the basemap: byte ranges of the server's PMTiles archive, exactly as the pmtiles
// reader asked for them (header and root directory, leaf directories, tiles), in an IndexedDB database per
// server. The reader asks for the same ranges for the same tiles every time, so a range stored once serves
// that tile offline. Ranges of the working area ("Unduh peta wilayah") are pinned; ranges stored because
// they were viewed are evicted oldest first beyond the storage limit. Map data is public (OpenStreetMap), so
// it is kept apart from the user's reports and shared by the users of this device on this server.

import type { BasemapResponse } from '../../../../domain/api';

export type BasemapDescriptor = NonNullable<BasemapResponse['basemap']>;

interface RangeRecord {
  key: string;
  bytes: ArrayBuffer;
  size: number;
  pinned: boolean;
  usedAt: number;
}

export interface StoreUsage {
  bytes: number;
  pinnedBytes: number;
}

const RANGES = 'ranges';
const META = 'meta';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export class BasemapTileStore {
  private usage: StoreUsage | null = null;

  private constructor(private readonly db: IDBDatabase) {}

  static async open(server: string, factory: IDBFactory = indexedDB): Promise<BasemapTileStore> {
    const open = factory.open(`tertib-basemap:${server}`, 1);
    open.onupgradeneeded = () => {
      const db = open.result;
      const ranges = db.createObjectStore(RANGES, { keyPath: 'key' });
      ranges.createIndex('usedAt', 'usedAt');
      db.createObjectStore(META);
    };
    return new BasemapTileStore(await request(open));
  }

  close(): void {
    this.db.close();
  }

  async getDescriptor(): Promise<BasemapDescriptor | null> {
    const tx = this.db.transaction(META, 'readonly');
    return ((await request(tx.objectStore(META).get('basemap'))) as BasemapDescriptor | undefined) ?? null;
  }

  /** Keeps what the server said; a different archive (or none) drops every range of the old one. */
  async setDescriptor(next: BasemapDescriptor | null): Promise<void> {
    const previous = await this.getDescriptor();
    const tx = this.db.transaction([META, RANGES], 'readwrite');
    if (previous && previous.version !== next?.version) {
      tx.objectStore(RANGES).clear();
      this.usage = { bytes: 0, pinnedBytes: 0 };
    }
    if (next) tx.objectStore(META).put(next, 'basemap');
    else tx.objectStore(META).delete('basemap');
    await done(tx);
  }

  async get(offset: number, length: number): Promise<ArrayBuffer | null> {
    const tx = this.db.transaction(RANGES, 'readwrite');
    const store = tx.objectStore(RANGES);
    const record = (await request(store.get(`${offset}:${length}`))) as RangeRecord | undefined;
    if (!record) return null;
    store.put({ ...record, usedAt: Date.now() });
    await done(tx);
    return record.bytes;
  }

  async put(offset: number, length: number, bytes: ArrayBuffer, pinned: boolean): Promise<void> {
    const usage = await this.currentUsage();
    const key = `${offset}:${length}`;
    const tx = this.db.transaction(RANGES, 'readwrite');
    const store = tx.objectStore(RANGES);
    const old = (await request(store.get(key))) as RangeRecord | undefined;
    const record: RangeRecord = {
      key,
      bytes,
      size: bytes.byteLength,
      pinned: pinned || (old?.pinned ?? false),
      usedAt: Date.now(),
    };
    store.put(record);
    await done(tx);
    if (old) {
      usage.bytes -= old.size;
      if (old.pinned) usage.pinnedBytes -= old.size;
    }
    usage.bytes += record.size;
    if (record.pinned) usage.pinnedBytes += record.size;
  }

  async currentUsage(): Promise<StoreUsage> {
    if (this.usage) return this.usage;
    const tx = this.db.transaction(RANGES, 'readonly');
    const usage: StoreUsage = { bytes: 0, pinnedBytes: 0 };
    await new Promise<void>((resolve, reject) => {
      const cursor = tx.objectStore(RANGES).openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) return resolve();
        const r = c.value as RangeRecord;
        usage.bytes += r.size;
        if (r.pinned) usage.pinnedBytes += r.size;
        c.continue();
      };
      cursor.onerror = () => reject(cursor.error ?? new Error('IndexedDB cursor failed'));
    });
    this.usage = usage;
    return usage;
  }

  /** Removes viewed (unpinned) ranges, least recently used first, until the store holds at most `limit`. */
  async evictViewed(limit: number): Promise<void> {
    const usage = await this.currentUsage();
    if (usage.bytes <= limit) return;
    const tx = this.db.transaction(RANGES, 'readwrite');
    await new Promise<void>((resolve, reject) => {
      const cursor = tx.objectStore(RANGES).index('usedAt').openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c || usage.bytes <= limit) return resolve();
        const r = c.value as RangeRecord;
        if (!r.pinned) {
          c.delete();
          usage.bytes -= r.size;
        }
        c.continue();
      };
      cursor.onerror = () => reject(cursor.error ?? new Error('IndexedDB cursor failed'));
    });
    await done(tx);
  }

  /** Forgets the downloaded working area (its ranges become ordinary viewed ones) or everything. */
  async clear(): Promise<void> {
    const tx = this.db.transaction(RANGES, 'readwrite');
    tx.objectStore(RANGES).clear();
    await done(tx);
    this.usage = { bytes: 0, pinnedBytes: 0 };
  }
}
