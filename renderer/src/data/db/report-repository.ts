// The officer's reports on this device. A saved report is immutable (DESIGN.md "Records"): saving the same id
// again is a no-op when the content is the same (a retry after a crash or a double tap) and an error when it
// differs. Its sync state lives in a local-only collection written by the sync work; the follow-up status is
// folded from the report's events, never stored.

import { combineLatest, distinctUntilChanged, map, of, switchMap, type Observable } from 'rxjs';
import type { RxDocument } from 'rxdb';
import type { Report } from '../../../../domain/report';
import { validateReportEvent, type ReportEvent } from '../../../../domain/report-events';
import { foldReportState } from '../../../../domain/report-state';
import { currentStatus } from '../../../../domain/status';
import { validateReport } from '../../../../domain/report';
import { StorageFullError, isQuotaExceeded, type LocalReport, type SyncState } from '../contracts';
import type { DraftStore } from './draft-store';
import { type DeviceSigner, signReport } from '../device-key/sign-documents';
import { canonicalJson } from './same-json';
import type { ReportSyncDoc } from './schemas';
import type { TertibCollections } from './types';

export class InvalidReportError extends Error {
  constructor(public readonly problems: string[]) {
    super(`The report is not valid: ${problems.join('; ')}`);
    this.name = 'InvalidReportError';
  }
}

/** `correct()` was asked for a report the server did not reject, or to change what a correction may not. */
export class CorrectionNotAllowedError extends Error {
  constructor(id: string, why: string) {
    super(`Report ${id} cannot be corrected: ${why}`);
    this.name = 'CorrectionNotAllowedError';
  }
}

/** What an officer may change in a rejected report; photos, place, time and author stay as filed. */
export const CORRECTABLE_FIELDS = ['categoryId', 'description', 'placeNote'] as const;

/** The same id was saved before with different content; a filed report is never changed in place. */
export class ReportConflictError extends Error {
  constructor(id: string) {
    super(`A different report with id ${id} is already saved on this device.`);
    this.name = 'ReportConflictError';
  }
}

export interface ReportRepository {
  /** Validates, then stores the report and its `pending` sync row; resolves once IndexedDB has committed. */
  save(report: Report): Promise<void>;
  /**
   * Only for a `rejected` report (the server holds no copy of it): stores the corrected category,
   * description and place note under the same id and sets it back to `pending`, so sync sends it again.
   */
  correct(report: Report): Promise<void>;
  get(id: string): Promise<LocalReport | null>;
  /** The author's reports, newest first (createdAt desc), live. */
  observeByAuthor(author: string): Observable<LocalReport[]>;
  /** How many saved reports the server has not confirmed yet (pending, sending or rejected), live. */
  observeUnsentCount(): Observable<number>;
  /** Every photo sha256 a saved report, an event (after-photos) or the draft refers to: what the vault must keep. */
  referencedPhotos(): Promise<Set<string>>;
  /** For the sync work: stores events pulled from the server (validated; an id already stored is kept). */
  recordEvents(events: readonly ReportEvent[]): Promise<void>;
  /** For the sync work: where a report stands; only the server's receipt may make it `confirmed`. */
  setSyncState(id: string, state: SyncState, rejectionReason?: string | null): Promise<void>;
}

const withStorageFull = async <T>(write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (err) {
    throw isQuotaExceeded(err) ? new StorageFullError(err) : err;
  }
};

/** Throws the write's error unless it is "already there" (409), which the caller then checks. */
function throwUnlessConflict(error: { status: number } | undefined): void {
  if (error && error.status !== 409) {
    throw isQuotaExceeded(error) ? new StorageFullError(error) : new Error('IndexedDB refused the write.', { cause: error });
  }
}

export function createReportRepository(
  db: TertibCollections,
  drafts: DraftStore,
  now: () => Date,
  signer: DeviceSigner | null = null,
): ReportRepository {
  const toLocal = (report: Report, sync: ReportSyncDoc | undefined, events: ReportEvent[]): LocalReport => ({
    report,
    // A report whose sync row was not written (a crash between the two writes) is simply not sent yet.
    sync: sync?.state ?? 'pending',
    rejectionReason: sync?.rejectionReason ?? null,
    status: currentStatus(events),
    followUp: foldReportState(events),
  });

  const eventsByReport = (docs: readonly { toMutableJSON(): unknown }[]): Map<string, ReportEvent[]> => {
    const out = new Map<string, ReportEvent[]>();
    for (const doc of docs) {
      const event = doc.toMutableJSON() as ReportEvent;
      const list = out.get(event.reportId);
      if (list) list.push(event);
      else out.set(event.reportId, [event]);
    }
    return out;
  };

  /** Reports with their sync rows and events, kept current as any of the three changes. */
  function observeReports(reports$: Observable<RxDocument<Report>[]>): Observable<LocalReport[]> {
    return reports$.pipe(
      switchMap((docs) => {
        const ids = docs.map((d) => d.id);
        if (ids.length === 0) return of([] as LocalReport[]);
        return combineLatest([
          db.report_sync.find({ selector: { id: { $in: ids } } }).$,
          db.events.find({ selector: { reportId: { $in: ids } } }).$,
          // Events the server refused stay in the history but must not move the status shown.
          db.event_sync.find({ selector: { state: 'refused' } }).$,
        ]).pipe(
          map(([syncDocs, eventDocs, refused]) => {
            const sync = new Map(syncDocs.map((d) => [d.id, d.toMutableJSON()]));
            const skip = new Set(refused.map((d) => d.id));
            const events = eventsByReport(eventDocs.filter((d) => !skip.has(d.id)));
            return docs.map((d) => toLocal(d.toMutableJSON(), sync.get(d.id), events.get(d.id) ?? []));
          }),
        );
      }),
    );
  }

  return {
    async save(unsigned) {
      const input = signer ? await signReport(signer, unsigned) : unsigned;
      const checked = validateReport(input);
      if (!checked.ok) throw new InvalidReportError(checked.errors);
      const report = checked.value;

      await withStorageFull(async () => {
        // Report first, then its sync row: if the second write is lost, the report still reads as pending.
        const written = await db.reports.bulkInsert([report]);
        throwUnlessConflict(written.error[0]);
        if (written.error.length > 0) {
          const existing = await db.reports.findOne(report.id).exec();
          if (existing === null || canonicalJson(existing.toJSON()) !== canonicalJson(report)) {
            throw new ReportConflictError(report.id);
          }
        }
        const sync: ReportSyncDoc = {
          id: report.id,
          state: 'pending',
          rejectionReason: null,
          updatedAt: now().toISOString(),
        };
        // A 409 here means the sync row exists already (a repeated save): its state must not be reset.
        throwUnlessConflict((await db.report_sync.bulkInsert([sync])).error[0]);
      });
    },

    async correct(input) {
      const checked = validateReport(input);
      if (!checked.ok) throw new InvalidReportError(checked.errors);
      const report = checked.value;
      const [doc, sync] = await Promise.all([
        db.reports.findOne(report.id).exec(),
        db.report_sync.findOne(report.id).exec(),
      ]);
      if (doc === null) throw new CorrectionNotAllowedError(report.id, 'it is not on this device');
      if (sync?.state !== 'rejected') throw new CorrectionNotAllowedError(report.id, 'it was not rejected');
      const fixed = (r: Report) => {
        const rest: Record<string, unknown> = { ...r };
        for (const key of CORRECTABLE_FIELDS) delete rest[key];
        return canonicalJson(rest);
      };
      if (fixed(doc.toMutableJSON()) !== fixed(report)) {
        throw new CorrectionNotAllowedError(report.id, 'only the category, description and place note may change');
      }
      await withStorageFull(async () => {
        // The row first: the changed document is what makes the replication send it again, and an answer to
        // that push must find the row `pending`, not `rejected`.
        await db.report_sync.upsert({
          id: report.id,
          state: 'pending',
          rejectionReason: null,
          updatedAt: now().toISOString(),
        });
        await doc.incrementalModify(async (data) => {
          const next: Report = { ...data, categoryId: report.categoryId, description: report.description };
          if (report.placeNote === undefined) delete next.placeNote;
          else next.placeNote = report.placeNote;
          // The corrected report is a new statement by the officer: signed again (the old one was refused).
          return signer && next.signature !== undefined ? signReport(signer, next) : next;
        });
      });
    },

    async get(id) {
      const doc = await db.reports.findOne(id).exec();
      if (doc === null) return null;
      const [sync, events, refused] = await Promise.all([
        db.report_sync.findOne(id).exec(),
        db.events.find({ selector: { reportId: id } }).exec(),
        db.event_sync.find({ selector: { state: 'refused' } }).exec(),
      ]);
      const skip = new Set(refused.map((d) => d.id));
      const kept = events.filter((e) => !skip.has(e.id));
      return toLocal(doc.toMutableJSON(), sync?.toMutableJSON(), eventsByReport(kept).get(id) ?? []);
    },

    observeByAuthor(author) {
      return observeReports(db.reports.find({ selector: { author }, sort: [{ createdAt: 'desc' }, { id: 'desc' }] }).$);
    },


    observeUnsentCount() {
      // The rows not yet confirmed (an indexed query): every own report has one (saved with it, or given one
      // when the database opens), so this never reads the whole collection — a supervisor's holds 50 000.
      return db.report_sync
        .find({ selector: { state: { $in: ['pending', 'sending', 'rejected'] } } })
        .$.pipe(
          map((rows) => rows.length),
          distinctUntilChanged(),
        );
    },

    async referencedPhotos() {
      // Events too: a closing event's "after" photos are referenced by nothing else on the device.
      const [docs, events, draft] = await Promise.all([
        db.reports.find().exec(),
        db.events.find({ selector: { kind: 'status-changed' } }).exec(),
        drafts.load(),
      ]);
      const out = new Set<string>();
      for (const doc of docs) for (const photo of doc.photos) out.add(photo.sha256);
      for (const event of events) for (const photo of event.photos ?? []) out.add(photo.sha256);
      for (const photo of draft?.photos ?? []) out.add(photo.sha256);
      return out;
    },

    async recordEvents(input) {
      const events = input.map((e) => {
        const checked = validateReportEvent(e);
        if (!checked.ok) throw new Error(`Invalid event ${String(e.id)}: ${checked.errors.join('; ')}`);
        return checked.value;
      });
      if (events.length === 0) return;
      // Events are append-only: a 409 means this one is stored already.
      await withStorageFull(async () => {
        for (const error of (await db.events.bulkInsert(events)).error) throwUnlessConflict(error);
      });
    },

    async setSyncState(id, state, rejectionReason = null) {
      await withStorageFull(() =>
        db.report_sync.upsert({
          id,
          state,
          rejectionReason: state === 'rejected' ? rejectionReason : null,
          updatedAt: now().toISOString(),
        }),
      );
    },
  };
}
