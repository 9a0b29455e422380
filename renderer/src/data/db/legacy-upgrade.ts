// The first open after the update to encrypted storage (issue 13): a user's database from an earlier build
// (unencrypted, named `tertib-<id>`) is copied into the encrypted one, checked, and only then removed.
// Nothing is dropped: unsent reports keep their sync rows, the draft is sealed, and if the copy fails the old
// database stays where it was and the next open tries again.

import { createRxDatabase, type RxJsonSchema, type RxStorage } from 'rxdb';
import type { DraftStore } from './draft-store';
import { legacyDatabaseName } from './db-name';
import { COLLECTIONS } from './schemas';
import type { TertibCollections, TertibRxDatabase } from './types';

type CollectionName = keyof TertibCollections;
const NAMES: CollectionName[] = ['reports', 'report_sync', 'events', 'event_sync'];

/** The schemas as builds before encryption stored them: the same, minus `encrypted`. */
function legacyCollections() {
  const out: Record<string, { schema: RxJsonSchema<unknown>; migrationStrategies?: object }> = {};
  for (const name of NAMES) {
    const { schema, ...rest } = COLLECTIONS[name] as { schema: RxJsonSchema<unknown>; migrationStrategies?: object };
    const { encrypted: _encrypted, ...plain } = schema;
    out[name] = { ...rest, schema: plain as RxJsonSchema<unknown> };
  }
  return out;
}

/** Whether the browser holds any IndexedDB database of the old name (RxDB's Dexie storage: one per collection). */
export async function legacyDexieExists(name: string): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return false;
  const prefix = `rxdb-dexie-${name}--`;
  return (await indexedDB.databases()).some((db) => db.name?.startsWith(prefix) === true);
}

export interface LegacyUpgradeOptions {
  server: string;
  user: string;
  /** The unwrapped storage (the old database had no password). */
  storage: RxStorage<unknown, unknown>;
  target: TertibRxDatabase;
  drafts: DraftStore;
  exists: (name: string) => Promise<boolean>;
}

/** Copies an old unencrypted database into `target` and removes it; returns how many documents moved. */
export async function upgradeLegacyDatabase(options: LegacyUpgradeOptions): Promise<number> {
  const name = await legacyDatabaseName(options.server, options.user);
  if (!(await options.exists(name))) return 0;
  const legacy = await createRxDatabase<TertibCollections>({
    name,
    storage: options.storage,
    multiInstance: false,
    localDocuments: true,
  });
  let moved = 0;
  try {
    await legacy.addCollections(legacyCollections() as never);
    for (const collection of NAMES) {
      const docs = await legacy[collection].find().exec();
      if (docs.length === 0) continue;
      const plain = docs.map((d) => d.toMutableJSON());
      // Upsert: an upgrade interrupted after copying part of it finds the same documents again.
      const result = await (options.target[collection] as TertibRxDatabase['reports']).bulkUpsert(plain as never);
      if (result.error.length > 0) throw new Error(`Copying ${collection} failed for ${result.error.length} documents.`);
      const copied = await options.target[collection].findByIds(plain.map((d) => (d as { id: string }).id)).exec();
      if (copied.size !== plain.length) throw new Error(`Copying ${collection} lost documents.`);
      moved += plain.length;
    }
    const draft = await legacy.getLocal('draft');
    if (draft !== null) await options.drafts.save(draft.toMutableJSON().data as never);
    const meta = await legacy.getLocal('sync-meta');
    if (meta !== null && (await options.target.getLocal('sync-meta')) === null) {
      await options.target.upsertLocal('sync-meta', meta.toMutableJSON().data as never);
    }
  } catch (err) {
    await legacy.close().catch(() => false);
    throw err;
  }
  // Everything is in the encrypted database: the plaintext copy goes.
  await legacy.remove();
  return moved;
}
