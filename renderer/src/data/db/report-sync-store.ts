// The sync engine's side of the `report_sync` collection: the transitions of sync-state.ts applied to the
// stored rows, and the live outbox the sync bar counts. Screens read the rows through ReportRepository.

import { map, of, switchMap, type Observable } from 'rxjs';
import type { Photo } from '../../../../domain/report';
import type { SyncState } from '../contracts';
import { stateWhenServerHolds, stateWithReceipts, type StoredState } from '../sync/sync-state';
import type { ReportSyncDoc } from './schemas';
import type { TertibCollections } from './types';

export interface OutboxEntry {
  id: string;
  state: StoredState;
  photos: Photo[];
  /** When the report was saved on the device: the age of the oldest unsent one goes to the registry. */
  createdAt: string;
}

export interface ReportSyncStore {
  /** The server holds these reports (see stateWhenServerHolds). */
  markServerHolds(ids: readonly string[], how: 'pulled' | 'pushed'): Promise<void>;
  /** The server refused these reports for good; each stays `rejected` with the reason until corrected. */
  markRejected(refusals: ReadonlyArray<{ id: string; reason: string }>): Promise<void>;
  /** Reports on the server whose photos all have receipts become `confirmed`; returns their ids. */
  confirmWithReceipts(receipts: ReadonlySet<string>): Promise<string[]>;
  /** The reports on this device the server has not confirmed, with their sync state and photos, live. */
  observeOutbox(): Observable<OutboxEntry[]>;
  /**
   * Gives `author`'s reports that have no sync row (a crash between a save's two writes) a `pending` one;
   * returns how many. Pulled reports get theirs from the changes feed that brought them.
   */
  repairMissingRows(author: string): Promise<number>;
}

/** Every state but `confirmed`. */
const UNFINISHED: readonly SyncState[] = ['pending', 'sending', 'rejected'];

export function createReportSyncStore(db: TertibCollections, now: () => Date): ReportSyncStore {
  const write = (id: string, state: SyncState, rejectionReason: string | null) =>
    db.report_sync.upsert({ id, state, rejectionReason, updatedAt: now().toISOString() });

  return {
    async markServerHolds(ids, how) {
      if (ids.length === 0) return;
      const rows = await db.report_sync.findByIds([...ids]).exec();
      const updatedAt = now().toISOString();
      const changed: ReportSyncDoc[] = [];
      for (const id of new Set(ids)) {
        const next = stateWhenServerHolds(rows.get(id)?.state ?? null, how);
        if (next !== null) changed.push({ id, state: next, rejectionReason: null, updatedAt });
      }
      // One write per pulled batch, not one per report: a supervisor's first sync pulls tens of thousands,
      // and every write wakes each live query on the rows (the outbox below, the unsent count).
      if (changed.length > 0) await db.report_sync.bulkUpsert(changed);
    },

    async markRejected(refusals) {
      for (const { id, reason } of refusals) await write(id, 'rejected', reason);
    },

    async confirmWithReceipts(receipts) {
      const sending = await db.report_sync.find({ selector: { state: 'sending' } }).exec();
      if (sending.length === 0) return [];
      const reports = await db.reports.findByIds(sending.map((d) => d.id)).exec();
      const confirmed: string[] = [];
      for (const row of sending) {
        const report = reports.get(row.id);
        if (!report) continue;
        if (stateWithReceipts(row.state, report.photos, receipts) === 'confirmed') {
          await write(row.id, 'confirmed', null);
          confirmed.push(row.id);
        }
      }
      return confirmed;
    },

    observeOutbox() {
      // Only reports still on their way: the rows not yet `confirmed` (an indexed query), then those reports
      // by id. Watching every report instead made a supervisor's first sync quadratic — each pulled page
      // re-read the whole collection. A report without a row is given one when the database opens
      // (`repairMissingRows`), so none is missed here.
      return db.report_sync.find({ selector: { state: { $in: [...UNFINISHED] } } }).$.pipe(
        switchMap((rows) => {
          if (rows.length === 0) return of([] as OutboxEntry[]);
          const states = new Map(rows.map((r) => [r.id, r.state]));
          return db.reports.findByIds([...states.keys()]).$.pipe(
            map((reports) =>
              [...states].flatMap(([id, state]) => {
                const report = reports.get(id);
                return report ? [{ id, state, photos: report.photos, createdAt: report.createdAt }] : [];
              }),
            ),
          );
        }),
      );
    },

    async repairMissingRows(author) {
      const own = await db.reports.find({ selector: { author } }).exec();
      if (own.length === 0) return 0;
      const rows = await db.report_sync.findByIds(own.map((r) => r.id)).exec();
      const missing: ReportSyncDoc[] = own
        .filter((r) => !rows.has(r.id))
        .map((r) => ({ id: r.id, state: 'pending', rejectionReason: null, updatedAt: now().toISOString() }));
      if (missing.length > 0) await db.report_sync.bulkInsert(missing);
      return missing.length;
    },
  };
}
