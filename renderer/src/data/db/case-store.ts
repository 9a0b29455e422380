// One case (a report under follow-up) as the case screen shows it, live: the report, every event oldest
// first with where each of this device's own events stands, and the state folded from the events the server
// did not refuse. Review actions and comments are written here as events (append-only, offline first); the
// sync engine pushes them and marks them `sent` or `refused` (event-sync-store.ts).

import { combineLatest, map, of, switchMap, type Observable } from 'rxjs';
import type { Report } from '../../../../domain/report';
import { validateReportEvent, type ReportEvent } from '../../../../domain/report-events';
import { foldReportState, type ReportState } from '../../../../domain/report-state';
import { compareEvents } from '../../../../domain/status';
import { DUPLICATE_WINDOW_MS, type DuplicateCandidate } from '../../../../domain/duplicates';
import { StorageFullError, isQuotaExceeded, type SyncState } from '../contracts';
import type { EventSyncState } from './schemas';
import { type DeviceSigner, signEvent } from '../device-key/sign-documents';
import type { TertibCollections } from './types';

/** An event with where it stands: events that came from the server (or were sent) are `sent`. */
export interface CaseEvent {
  event: ReportEvent;
  sync: EventSyncState;
  /** The server's reason, for a `refused` event. */
  refusedReason: string | null;
}

export interface FetchedCaseData {
  report: Report;
  events: readonly ReportEvent[];
}

export interface CaseView {
  report: Report;
  /** The report's own sync state on this device (its author's device), `confirmed` for pulled reports. */
  reportSync: SyncState;
  events: CaseEvent[];
  /** Folded from every event except those the server refused. */
  state: ReportState;
}

export interface KnownNames {
  teams: string[];
  officers: string[];
  /** Units reports were dispatched to before, most used first. */
  units: string[];
}

export interface CaseStore {
  /**
   * The case, live; null while the report is not on this device. `fetched` is the case as the server gave it
   * (`GET /api/cases/:id`) for a report this device does not replicate — a task from another team: its
   * report stands in, and its events join the ones that sync brings.
   */
  observeCase(reportId: string, fetched?: FetchedCaseData | null): Observable<CaseView | null>;
  /**
   * Reports of the same category captured within DUPLICATE_WINDOW_MS of `report`, each with the report it
   * is linked to as a duplicate (if any), live. `findPossibleDuplicates` makes the final choice.
   */
  observeDuplicateCandidates(report: Pick<Report, 'id' | 'categoryId' | 'capturedAt'>): Observable<DuplicateCandidate<Report>[]>;
  /** Teams, officers and units seen in the reports and events on this device, for suggestions. */
  observeKnownNames(): Observable<KnownNames>;
  /**
   * Stores an event made on this device (signed, chained and validated) as `pending`; the sync engine sends
   * it. `report` is the report it is about, for one this device does not hold (a fetched case).
   */
  addEvent(event: ReportEvent, report?: Report): Promise<void>;
}

const byTime = (a: CaseEvent, b: CaseEvent) => compareEvents(a.event, b.event);

export function createCaseStore(db: TertibCollections, now: () => Date, signer: DeviceSigner | null = null): CaseStore {
  return {
    observeCase(reportId, fetched = null) {
      return db.reports.findOne(reportId).$.pipe(
        switchMap((doc) => {
          const report: Report | null = doc !== null ? doc.toMutableJSON() : (fetched?.report ?? null);
          if (report === null) return of(null);
          return combineLatest([
            db.events.find({ selector: { reportId } }).$,
            db.report_sync.findOne(reportId).$,
          ]).pipe(
            switchMap(([eventDocs, syncDoc]) => {
              const events = eventDocs.map((d) => d.toMutableJSON() as ReportEvent);
              const local = new Set(events.map((e) => e.id));
              if (doc === null && fetched) events.push(...fetched.events.filter((e) => !local.has(e.id)));
              const ids = events.map((e) => e.id);
              const rows$ = ids.length === 0 ? of(new Map()) : db.event_sync.findByIds(ids).$;
              return rows$.pipe(
                map((rows) => {
                  const list: CaseEvent[] = events.map((event) => {
                    const row = rows.get(event.id)?.toMutableJSON();
                    return { event, sync: row?.state ?? 'sent', refusedReason: row?.reason ?? null };
                  });
                  list.sort(byTime);
                  const view: CaseView = {
                    report,
                    reportSync: syncDoc?.state ?? 'confirmed',
                    events: list,
                    state: foldReportState(list.filter((e) => e.sync !== 'refused').map((e) => e.event)),
                  };
                  return view;
                }),
              );
            }),
          );
        }),
      );
    },

    observeDuplicateCandidates(report) {
      const at = Date.parse(report.capturedAt);
      const from = new Date(at - DUPLICATE_WINDOW_MS).toISOString();
      const to = new Date(at + DUPLICATE_WINDOW_MS).toISOString();
      return db.reports
        .find({ selector: { categoryId: report.categoryId, capturedAt: { $gte: from, $lte: to } } })
        .$.pipe(
          switchMap((docs) => {
            const others = docs.filter((d) => d.id !== report.id);
            if (others.length === 0) return of([] as DuplicateCandidate<Report>[]);
            const ids = others.map((d) => d.id);
            return combineLatest([
              db.events.find({ selector: { reportId: { $in: ids }, kind: 'linked-duplicate' } }).$,
              db.event_sync.find({ selector: { state: 'refused' } }).$,
            ]).pipe(
              map(([links, refused]) => {
                const skip = new Set(refused.map((r) => r.id));
                const linked = new Map<string, ReportEvent[]>();
                for (const l of links) {
                  if (skip.has(l.id)) continue;
                  const e = l.toMutableJSON() as ReportEvent;
                  linked.set(e.reportId, [...(linked.get(e.reportId) ?? []), e]);
                }
                return others.map((d) => ({
                  report: d.toMutableJSON(),
                  duplicateOf: foldReportState(linked.get(d.id) ?? []).duplicateOf,
                }));
              }),
            );
          }),
        );
    },

    observeKnownNames() {
      return combineLatest([
        db.reports.find().$,
        db.events.find({ selector: { kind: { $in: ['disposed', 'assigned'] } } }).$,
      ]).pipe(
        map(([reports, events]) => {
          const teams = new Set<string>();
          const officers = new Set<string>();
          const units = new Map<string, number>();
          for (const r of reports) {
            if (r.team) teams.add(r.team);
            officers.add(r.author);
          }
          for (const d of events) {
            const e = d.toMutableJSON() as ReportEvent;
            if (e.kind === 'disposed') units.set(e.unit, (units.get(e.unit) ?? 0) + 1);
            if (e.kind === 'assigned') {
              if (e.assignedTeam) teams.add(e.assignedTeam);
              if (e.assignedOfficer) officers.add(e.assignedOfficer);
            }
          }
          return {
            teams: [...teams].sort(),
            officers: [...officers].sort(),
            units: [...units.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([u]) => u),
          };
        }),
      );
    },

    async addEvent(unsigned, fetchedReport) {
      const input = signer ? await signEvent(db, signer, unsigned, fetchedReport) : unsigned;
      const checked = validateReportEvent(input);
      if (!checked.ok) throw new Error(`Invalid event ${String(input.id)}: ${checked.errors.join('; ')}`);
      try {
        // The row first: an event stored without its row would read as `sent` after a crash.
        await db.event_sync.upsert({ id: checked.value.id, state: 'pending', reason: null, updatedAt: now().toISOString() });
        const written = await db.events.bulkInsert([checked.value]);
        const error = written.error[0];
        if (error && error.status !== 409) throw new Error('IndexedDB refused the event.', { cause: error });
      } catch (err) {
        throw isQuotaExceeded(err) ? new StorageFullError(err) : err;
      }
    },
  };
}
