// The review index: every report on the device (for a supervisor, the region's, as the server let them pull)
// joined with the state folded from its events, kept in memory and maintained incrementally from RxDB's
// change streams. Built once per open database (≈ 1 s for 50 000 reports), then each pulled batch costs
// only its own documents: nothing re-queries the 50 000 on a change. Filters, search, sort and facet counts
// are pure functions over its snapshots (review-query.ts), so typing in the search box never touches
// IndexedDB.
//
// No new RxDB index: the initial load reads whole collections (a full scan in primary-key order is what
// IndexedDB does fastest; an index would only add a second lookup per document), and what the queue
// filters on most — status, assignment — is derived from events and stored nowhere an index could cover.
// `events.reportId` (already indexed) serves the detail view, not this index.

import type { RxChangeEventBulk, RxCollection } from 'rxdb';
import type { Observable, Subscription } from 'rxjs';
import type { Report } from '../../../../domain/report';
import type { ReportEvent } from '../../../../domain/report-events';
import { foldReportState } from '../../../../domain/report-state';
import type { TertibCollections } from '../db/local-database';
import {
  filterOptions,
  queryRows,
  sortRows,
  toReviewRow,
  type FilterOptions,
  type ReviewFilter,
  type ReviewResult,
  type ReviewRow,
  type ReviewSort,
} from './review-query';

/** An immutable view of the index at one moment; sorted orders and options are computed once per view. */
export class ReviewSnapshot {
  private readonly sortedCache = new Map<string, ReviewRow[]>();
  private optionsCache: FilterOptions | null = null;

  constructor(
    /** Grows with every change the index applied; equal versions are equal snapshots. */
    readonly version: number,
    readonly rows: readonly ReviewRow[],
  ) {}

  get size(): number {
    return this.rows.length;
  }

  /**
   * The rows in `sort` order. `label`/`labelKey` name categories for the category sort; the key (e.g. the
   * UI language) says when a cached order is stale.
   */
  sorted(sort: ReviewSort, label?: (categoryId: string) => string, labelKey = ''): ReviewRow[] {
    const key = sort === 'category' ? `${sort}\n${labelKey}` : sort;
    let out = this.sortedCache.get(key);
    if (!out) this.sortedCache.set(key, (out = sortRows(this.rows, sort, label)));
    return out;
  }

  options(): FilterOptions {
    return (this.optionsCache ??= filterOptions(this.rows));
  }

  query(filter: ReviewFilter, label?: (categoryId: string) => string, labelKey = ''): ReviewResult {
    return queryRows(this.sorted(filter.sort, label, labelKey), filter);
  }
}

type Data = Record<string, unknown>;
type Change = RxChangeEventBulk<Data>['events'][number];

/** A stored document without RxDB's bookkeeping (`_meta`, `_rev`, `_attachments`, `_deleted`). */
function plain<T>(data: Data): T {
  const rest = { ...data };
  for (const key of ['_meta', '_rev', '_attachments', '_deleted']) delete rest[key];
  return rest as T;
}

export interface ReviewIndexStats {
  /** Reading both collections and folding every report's events, ms. */
  buildMs: number;
}

export class ReviewIndex {
  private readonly reports = new Map<string, Report>();
  private readonly events = new Map<string, Map<string, ReportEvent>>();
  private readonly rows = new Map<string, ReviewRow>();
  private readonly eventReport = new Map<string, string>();
  private refused: ReadonlySet<string> = new Set();
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions: Subscription[] = [];
  private snapshot: ReviewSnapshot | null = null;
  private version = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  readonly ready: Promise<ReviewIndexStats>;

  /**
   * @param throttleMs while a sync pulls batch after batch, a new snapshot (and so a re-filter in the
   * screen) at most this often; each batch is applied to the rows as it arrives.
   */
  constructor(
    private readonly collections: Pick<TertibCollections, 'reports' | 'events'>,
    private readonly throttleMs = 250,
    /** This device's own events the server refused for good: history, never folded into a status. */
    refused$: Observable<ReadonlySet<string>> | null = null,
  ) {
    if (refused$) {
      this.subscriptions.push(
        refused$.subscribe((ids) => {
          const affected = new Set<string>();
          for (const id of new Set([...this.refused, ...ids])) {
            const reportId = this.eventReport.get(id);
            if (reportId !== undefined) affected.add(reportId);
          }
          this.refused = ids;
          for (const reportId of affected) this.refold(reportId);
          if (affected.size > 0 && this.snapshot !== null) this.publish();
        }),
      );
    }
    this.ready = this.build();
    // Never an unhandled rejection: the failure is what `ready` rejects with, for whoever awaits it.
    this.ready.catch(() => undefined);
  }

  /** The latest snapshot; null until the first build is done. */
  get current(): ReviewSnapshot | null {
    return this.snapshot;
  }

  /** Called after each new snapshot (for useSyncExternalStore); returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.unsubscribe();
    this.listeners.clear();
  }

  private async build(): Promise<ReviewIndexStats> {
    const t0 = performance.now();
    // Subscribe before reading, and hold the changes that arrive meanwhile: applying them after the read
    // is safe because every change is applied by id (a change already in the read is applied twice, to the
    // same result), so nothing written during the build is lost.
    let held: Array<{ kind: 'reports' | 'events'; events: Change[] }> | null = [];
    const follow = (kind: 'reports' | 'events', collection: RxCollection) => {
      this.subscriptions.push(
        collection.eventBulks$.subscribe((bulk: RxChangeEventBulk<Data>) => {
          if (held !== null) held.push({ kind, events: bulk.events });
          else this.apply(kind, bulk.events);
        }),
      );
    };
    follow('reports', this.collections.reports as unknown as RxCollection);
    follow('events', this.collections.events as unknown as RxCollection);

    const [reportDocs, eventDocs] = await Promise.all([
      this.collections.reports.find().exec(),
      this.collections.events.find().exec(),
    ]);
    for (const doc of eventDocs) this.addEvent(plain<ReportEvent>(doc._data as unknown as Data));
    for (const doc of reportDocs) {
      const report = plain<Report>(doc._data as unknown as Data);
      this.reports.set(report.id, report);
      this.refold(report.id);
    }
    const pending = held;
    held = null;
    for (const change of pending) this.apply(change.kind, change.events, false);
    this.publish();
    return { buildMs: performance.now() - t0 };
  }

  private addEvent(event: ReportEvent): void {
    let list = this.events.get(event.reportId);
    if (!list) this.events.set(event.reportId, (list = new Map()));
    list.set(event.id, event);
    this.eventReport.set(event.id, event.reportId);
  }

  private refold(reportId: string): void {
    const report = this.reports.get(reportId);
    if (!report) return; // events pulled before their report: folded when it arrives
    const events = [...(this.events.get(reportId)?.values() ?? [])].filter((e) => !this.refused.has(e.id));
    this.rows.set(reportId, toReviewRow(report, foldReportState(events)));
  }

  private apply(kind: 'reports' | 'events', changes: Change[], schedule = true): void {
    if (this.closed) return;
    for (const change of changes) {
      if (kind === 'reports') {
        if (change.operation === 'DELETE') {
          this.reports.delete(change.documentId);
          this.rows.delete(change.documentId);
        } else {
          const report = plain<Report>(change.documentData);
          this.reports.set(report.id, report);
          this.refold(report.id);
        }
      } else if (change.operation === 'DELETE') {
        const event = plain<ReportEvent>(change.previousDocumentData ?? change.documentData);
        this.events.get(event.reportId)?.delete(event.id);
        this.refold(event.reportId);
      } else {
        const event = plain<ReportEvent>(change.documentData);
        this.addEvent(event);
        this.refold(event.reportId);
      }
    }
    if (schedule && changes.length > 0 && this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.publish();
      }, this.throttleMs);
    }
  }

  private publish(): void {
    if (this.closed) return;
    this.snapshot = new ReviewSnapshot(++this.version, [...this.rows.values()]);
    for (const listener of this.listeners) listener();
  }
}

const indexes = new WeakMap<object, ReviewIndex>();

/**
 * The one index of an open database, built on first use (only supervisors' screens ask for it) and kept
 * while the database is open, so leaving the queue for a report and coming back costs nothing.
 */
export function reviewIndexFor(
  collections: Pick<TertibCollections, 'reports' | 'events'>,
  refused$: Observable<ReadonlySet<string>> | null = null,
): ReviewIndex {
  let index = indexes.get(collections.reports);
  if (!index) {
    const created = new ReviewIndex(collections, 250, refused$);
    indexes.set(collections.reports, created);
    collections.reports.onClose.push(() => created.close());
    index = created;
  }
  return index;
}
