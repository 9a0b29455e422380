// Per-user sync facts kept across restarts, in an RxDB local document of the user's database (never
// replicated): when the server last confirmed everything this device had sent.

import type { RxLocalDocumentMutation } from 'rxdb';

export interface SyncMeta {
  lastConfirmedAt: string | null;
}

export interface SyncMetaStore {
  load(): Promise<SyncMeta>;
  save(meta: SyncMeta): Promise<void>;
}

const ID = 'sync-meta';

export function createSyncMetaStore(db: Pick<RxLocalDocumentMutation<unknown>, 'getLocal' | 'upsertLocal'>): SyncMetaStore {
  return {
    async load() {
      const doc = await db.getLocal<SyncMeta>(ID);
      const at: unknown = doc?.toMutableJSON().data.lastConfirmedAt;
      return { lastConfirmedAt: typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : null };
    },
    async save(meta) {
      await db.upsertLocal<SyncMeta>(ID, meta);
    },
  };
}
