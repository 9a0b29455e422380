import { validateReport, type Report } from '../../../domain/report';
import { validateReportEvent, type ReportEvent } from '../../../domain/report-events';
import { materializeReportState, stateDocId, type ReportStatsState } from '../../../domain/report-stats';
import { canonicalJson } from '../../../domain/write-rules';
import { fetchDocs } from '../sync/bulk-docs';
import { type BackendHttp, jsonOrThrow } from '../sync/backend-http';
import type { ChangeRow, ChangesFollower } from '../sync/changes-follower';

// Follows the reports and events databases and keeps one `state:<reportId>` document per report in the
// server-only states database: the report's current status, assignment, duplicate link and close time,
// folded from its events (domain/report-stats.ts), plus what the statistics views group by. Nothing a
// person wrote (description, place note, location, photos) is copied.
//
// Each change only names the reports it touches; the worker then re-folds those reports from what the
// databases hold now (the report, and all its events through the events' `by_report` view). So the order
// in which the two feeds deliver does not matter — an event seen before its report leaves nothing behind,
// and the report's own change folds it in later — and processing a change twice (a restart between work
// and checkpoint, the catch-up overlapping the live feed) writes the same state again: counting is by
// view over one document per report, so it can never double count.

const CHECKPOINT = '_local/worker-report-states';
const PAGE = 200;
/** Reports refreshed per backend round trip. */
const CHUNK = 100;
/** Config allows up to 20 photos per report; the state does not depend on the photos, only on validity. */
const MAX_PHOTOS_ACCEPTED = 20;

type Feed = 'reports' | 'events';

export interface ReportStateDbs {
  reports: string;
  events: string;
  states: string;
}

type StoredState = ReportStatsState & { _id: string; _rev?: string; _deleted?: boolean };

interface ViewRow {
  id: string;
  key: string;
  doc?: Record<string, unknown> | null;
}

export class ReportStateWorker {
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private checkpointDoc: { _rev?: string; reports: string | number; events: string | number } = {
    reports: 0,
    events: 0,
  };
  private readonly listeners: Record<Feed, (rows: ChangeRow[], lastSeq: string | number) => void> = {
    reports: (rows, lastSeq) => this.enqueue('reports', rows, lastSeq),
    events: (rows, lastSeq) => this.enqueue('events', rows, lastSeq),
  };

  constructor(
    private readonly http: BackendHttp,
    private readonly dbs: ReportStateDbs,
    private readonly followers: Record<Feed, ChangesFollower>,
    private readonly log: (msg: string) => void,
  ) {}

  async start(): Promise<void> {
    await this.loadCheckpoint();
    for (const feed of ['reports', 'events'] as const)
      this.followers[feed].on('changes', this.listeners[feed]);
    // Catch up from the checkpoint to where the followers started; overlap with the live feed is harmless.
    for (const feed of ['reports', 'events'] as const) {
      let since = this.checkpointDoc[feed];
      for (;;) {
        const qs = new URLSearchParams({ since: String(since), limit: String(PAGE), include_docs: 'true' });
        const page = await jsonOrThrow<{ results: ChangeRow[]; last_seq: string | number }>(
          await this.http.admin(`${this.dbs[feed]}/_changes?${qs}`),
          `${feed} changes`,
        );
        this.enqueue(feed, page.results, page.last_seq);
        since = page.last_seq;
        if (page.results.length < PAGE) break;
      }
    }
    await this.queue;
  }

  /** Resolves once everything seen so far is processed (tests and shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  stop(): Promise<void> {
    this.stopped = true;
    for (const feed of ['reports', 'events'] as const)
      this.followers[feed].off('changes', this.listeners[feed]);
    return this.queue;
  }

  private enqueue(feed: Feed, rows: ChangeRow[], lastSeq: string | number, attempt = 0): void {
    this.queue = this.queue
      .then(async () => {
        if (this.stopped) return;
        await this.refresh(reportIdsOf(feed, rows));
        await this.saveCheckpoint(feed, lastSeq);
      })
      .catch((err: Error) => {
        // A failed batch (the backend restarting, a conflicting writer) is tried again, never skipped: a
        // missed change would leave a report's status wrong in every figure until it changes again.
        this.log(`report states: ${err.message}${attempt < 8 ? '; retrying' : '; giving up until restart'}`);
        if (attempt < 8 && !this.stopped) {
          const retry = setTimeout(() => this.enqueue(feed, rows, lastSeq, attempt + 1), 500 * 2 ** attempt);
          retry.unref();
        }
      });
  }

  /** Re-folds the given reports from what the databases hold now and writes the states that changed. */
  async refresh(reportIds: readonly string[]): Promise<void> {
    for (let i = 0; i < reportIds.length; i += CHUNK) {
      const ids = reportIds.slice(i, i + CHUNK);
      const [reports, events, states] = await Promise.all([
        fetchDocs(this.http, this.dbs.reports, ids),
        this.eventsOf(ids),
        fetchDocs(this.http, this.dbs.states, ids.map(stateDocId)),
      ]);
      const writes: Array<Record<string, unknown>> = [];
      for (const id of ids) {
        const old = states.get(stateDocId(id)) as StoredState | undefined;
        const report = reportOf(reports.get(id));
        if (!report) {
          // Not (yet) here — its events came first — or deleted by an admin: nothing to count.
          if (old && !old._deleted) writes.push({ _id: old._id, _rev: old._rev, _deleted: true });
          continue;
        }
        const state = materializeReportState(report, events.get(id) ?? []);
        if (old && canonicalJson(state) === canonicalJson(old, ['_id', '_rev'])) continue;
        writes.push({ ...state, _id: stateDocId(id), ...(old?._rev ? { _rev: old._rev } : {}) });
      }
      if (writes.length === 0) continue;
      const result = await jsonOrThrow<Array<{ id: string; error?: string; reason?: string }>>(
        await this.http.admin(`${this.dbs.states}/_bulk_docs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ docs: writes }),
        }),
        'states bulk_docs',
      );
      const failed = result.filter((r) => r.error);
      // A conflict means another writer (a second server on the same CouchDB) got there first: the retry
      // re-reads and folds again, and both fold the same documents to the same state.
      if (failed.length) throw new Error(`${failed.length} states not written (${failed[0]!.error})`);
    }
  }

  private async eventsOf(reportIds: readonly string[]): Promise<Map<string, ReportEvent[]>> {
    const page = await jsonOrThrow<{ rows: ViewRow[] }>(
      await this.http.admin(`${this.dbs.events}/_design/tertib/_view/by_report?include_docs=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ keys: reportIds }),
      }),
      'events by_report',
    );
    const out = new Map<string, ReportEvent[]>();
    for (const row of page.rows) {
      const checked = validateReportEvent(row.doc);
      // Only the gateway writes events and it validates them; anything else (written straight into the
      // backend) is not history the statistics should trust.
      if (!checked.ok) continue;
      const list = out.get(checked.value.reportId) ?? [];
      list.push(checked.value);
      out.set(checked.value.reportId, list);
    }
    return out;
  }

  private async loadCheckpoint(): Promise<void> {
    const res = await this.http.admin(`${this.dbs.states}/${CHECKPOINT}`);
    if (!res.ok) {
      await res.body?.cancel();
      return;
    }
    const doc = (await res.json()) as typeof this.checkpointDoc;
    this.checkpointDoc = { _rev: doc._rev, reports: doc.reports ?? 0, events: doc.events ?? 0 };
  }

  private async saveCheckpoint(feed: Feed, seq: string | number): Promise<void> {
    const next = { ...this.checkpointDoc, [feed]: seq };
    const put = await this.http.admin(`${this.dbs.states}/${CHECKPOINT}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(next),
    });
    const body = await jsonOrThrow<{ rev: string }>(put, 'report states checkpoint');
    this.checkpointDoc = { ...next, _rev: body.rev };
  }
}

function reportIdsOf(feed: Feed, rows: readonly ChangeRow[]): string[] {
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.id.startsWith('_design/')) continue;
    if (feed === 'reports') ids.add(row.id);
    else if (typeof row.doc?.reportId === 'string') ids.add(row.doc.reportId);
  }
  return [...ids];
}

function reportOf(doc: Record<string, unknown> | undefined): Report | null {
  if (!doc || doc._deleted) return null;
  const checked = validateReport(doc, { maxPhotos: MAX_PHOTOS_ACCEPTED });
  return checked.ok ? checked.value : null;
}
