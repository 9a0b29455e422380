// The sync engine's side of `event_sync`: an own event becomes `sent` once the server is seen to hold it
// (its `_bulk_docs` answer, or the changes feed bringing it back), `refused` with the server's reason when
// the gateway refuses it for good. A refused event is never retried (its content cannot change: events are
// immutable) and stays visible in the timeline as refused; it folds into no state.

import { map, distinctUntilChanged, type Observable } from 'rxjs';
import type { Refusal } from '../sync/couch-responses';
import type { TertibCollections } from './types';

export interface EventSyncStore {
  markSent(ids: readonly string[]): Promise<void>;
  markRefused(refusals: readonly Refusal[]): Promise<void>;
  /** The server cannot take these yet (their report is not there): still pending, with the reason. */
  markDeferred(deferred: readonly Refusal[]): Promise<void>;
  /** Pending events the server deferred, to send again by id once their report may be there. */
  deferredIds(): Promise<string[]>;
  /** Ids of own events not yet stored by the server, live. */
  observePending(): Observable<string[]>;
  /** Ids of own events the server refused for good, live: history only, they never move a report. */
  observeRefused(): Observable<ReadonlySet<string>>;
  refusedIds(): Promise<ReadonlySet<string>>;
}

export function createEventSyncStore(db: Pick<TertibCollections, 'event_sync'>, now: () => Date): EventSyncStore {
  return {
    async markSent(ids) {
      if (ids.length === 0) return;
      // Most ids a changes feed brings are other people's events: only rows of own events change.
      const rows = await db.event_sync.findByIds([...ids]).exec();
      for (const row of rows.values()) {
        if (row.state !== 'pending') continue;
        await db.event_sync.upsert({ id: row.id, state: 'sent', reason: null, updatedAt: now().toISOString() });
      }
    },

    async markRefused(refusals) {
      for (const { id, reason } of refusals) {
        await db.event_sync.upsert({ id, state: 'refused', reason, updatedAt: now().toISOString() });
      }
    },

    async markDeferred(deferred) {
      for (const { id, reason } of deferred) {
        await db.event_sync.upsert({ id, state: 'pending', reason, updatedAt: now().toISOString() });
      }
    },

    async deferredIds() {
      const docs = await db.event_sync.find({ selector: { state: 'pending' } }).exec();
      return docs.filter((d) => d.reason !== null && d.reason !== undefined).map((d) => d.id);
    },

    observeRefused() {
      return db.event_sync.find({ selector: { state: 'refused' } }).$.pipe(
        map((docs) => new Set(docs.map((d) => d.id)) as ReadonlySet<string>),
        distinctUntilChanged((a, b) => a.size === b.size && [...a].every((id) => b.has(id))),
      );
    },

    async refusedIds() {
      const docs = await db.event_sync.find({ selector: { state: 'refused' } }).exec();
      return new Set(docs.map((d) => d.id));
    },

    observePending() {
      return db.event_sync.find({ selector: { state: 'pending' } }).$.pipe(
        map((docs) => docs.map((d) => d.id).sort()),
        distinctUntilChanged((a, b) => a.join() === b.join()),
      );
    },
  };
}
