// The sync engine's side of the `report_sync` collection: the transitions of sync-state.ts applied to the
// stored rows, and the live outbox the sync bar counts. Screens read the rows through ReportRepository.

import { combineLatest, map, type Observable } from 'rxjs';
import type { Photo } from '../../../../domain/report';
import type { SyncState } from '../contracts';
import { stateWhenServerHolds, stateWithReceipts, type StoredState } from '../sync/sync-state';
import type { ReportSyncDoc } from './schemas';
import type { TertibCollections } from './types';

export interface OutboxEntry {
  id: string;
  state: StoredState;
  photos: Photo[];
}

export interface ReportSyncStore {
  /** The server holds these reports (see stateWhenServerHolds). */
  markServerHolds(ids: readonly string[], how: 'pulled' | 'pushed'): Promise<void>;
  /** The server refused these reports for good; each stays `rejected` with the reason until corrected. */
  markRejected(refusals: ReadonlyArray<{ id: string; reason: string }>): Promise<void>;
  /** Reports on the server whose photos all have receipts become `confirmed`; returns their ids. */
  confirmWithReceipts(receipts: ReadonlySet<string>): Promise<string[]>;
  /** Every report on this device with its stored sync state and photos, live. */
  observeOutbox(): Observable<OutboxEntry[]>;
}

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
      return combineLatest([db.reports.find().$, db.report_sync.find().$]).pipe(
        map(([reports, rows]) => {
          // Read through the documents' getters, not toMutableJSON(): this runs on every write to either
          // collection, over every report on the device (50 000 for a supervisor), so a deep copy per
          // report per write made a first sync quadratic. Consumers only read these values.
          const states = new Map(rows.map((r) => [r.id, r.state]));
          return reports.map((r) => ({
            id: r.id,
            state: states.get(r.id) ?? null,
            photos: r.photos,
          }));
        }),
      );
    },
  };
}
