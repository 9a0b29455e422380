import { validateReport, type Report } from '../../../domain/report';
import { validateReportEvent, type ReportEvent } from '../../../domain/report-events';
import { materializeReportState, stateDocId, type ReportStatsState } from '../../../domain/report-stats';
import { canonicalJson } from '../../../domain/write-rules';
import { fetchDocs } from '../sync/bulk-docs';
import { type BackendHttp, jsonOrThrow } from '../sync/backend-http';
import { STATS_DESIGN, STATS_VIEWS } from '../stats/views';
import type { ChangeRow, ChangesFollower } from '../sync/changes-follower';
import type { WorkerProgress } from '../coordination/lease';
import { Backlog } from './backlog';

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
  /**
   * Whether a feed's catch-up has been processed. Until then a live batch must not move the checkpoint: it
   * is past changes the catch-up has not folded yet, and a crash in between would skip them for good.
   */
  private readonly caughtUp: Record<Feed, boolean> = { reports: false, events: false };
  private readonly listeners: Record<Feed, (rows: ChangeRow[], lastSeq: string | number) => void> = {
    reports: (rows, lastSeq) => this.enqueue('reports', rows, lastSeq, this.caughtUp.reports),
    events: (rows, lastSeq) => this.enqueue('events', rows, lastSeq, this.caughtUp.events),
  };
  private catchingUp: Promise<void> = Promise.resolve();
  private readonly wake = new Set<() => void>();
  private warming: Promise<void> | null = null;
  private warmAgain = false;
  private readonly backlog = new Backlog();

  constructor(
    private readonly http: BackendHttp,
    private readonly dbs: ReportStateDbs,
    private readonly followers: Record<Feed, ChangesFollower>,
    private readonly log: (msg: string) => void,
  ) {}

  /**
   * Listens to the live feeds at once and catches up from the checkpoint in the background (retried until
   * it succeeds), so a first start over a large existing database does not keep the server from serving.
   */
  async start(): Promise<void> {
    await this.loadCheckpoint();
    for (const feed of ['reports', 'events'] as const)
      this.followers[feed].on('changes', this.listeners[feed]);
    this.catchingUp = this.catchUp();
  }

  private async catchUp(): Promise<void> {
    for (const feed of ['reports', 'events'] as const) {
      for (let attempt = 0; !this.stopped; attempt++) {
        try {
          await this.catchUpFeed(feed);
          break;
        } catch (err) {
          const wait = Math.min(60_000, 500 * 2 ** Math.min(attempt, 7));
          this.log(
            `report states: catching up ${feed} failed (${(err as Error).message}); retrying in ${wait} ms`,
          );
          await this.pause(wait);
        }
      }
    }
  }

  private async catchUpFeed(feed: Feed): Promise<void> {
    let since = this.checkpointDoc[feed];
    for (;;) {
      const qs = new URLSearchParams({ since: String(since), limit: String(PAGE), include_docs: 'true' });
      const page = await jsonOrThrow<{ results: ChangeRow[]; last_seq: string | number }>(
        await this.http.admin(`${this.dbs[feed]}/_changes?${qs}`),
        `${feed} changes`,
      );
      this.enqueue(feed, page.results, page.last_seq, true);
      since = page.last_seq;
      if (page.results.length < PAGE) break;
    }
    // From here live batches carry the checkpoint (they come after everything enqueued above).
    this.queue = this.queue.then(() => {
      this.caughtUp[feed] = true;
    });
  }

  /** Resolves once the catch-up and everything seen so far are processed (tests and shutdown). */
  async idle(): Promise<void> {
    await this.catchingUp;
    await this.queue;
  }

  progress(): WorkerProgress {
    return this.backlog.progress();
  }

  /** A wait between retries that `stop()` cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const wake = this.wake;
      function done() {
        clearTimeout(timer);
        wake.delete(done);
        resolve();
      }
      wake.add(done);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of [...this.wake]) wake();
    for (const feed of ['reports', 'events'] as const)
      this.followers[feed].off('changes', this.listeners[feed]);
    await this.catchingUp;
    await this.queue;
  }

  /**
   * Batches are processed one after another, in order. A failed batch (the backend restarting, a
   * conflicting writer) is retried in place until it succeeds — never skipped, and no later batch moves the
   * checkpoint past it: a missed change would leave a report's status wrong in every figure until it
   * changes again. While the backend is down, later batches could not succeed anyway.
   */
  private enqueue(feed: Feed, rows: ChangeRow[], lastSeq: string | number, save: boolean): void {
    const done = this.backlog.add(rows.length);
    this.queue = this.queue.then(async () => {
      for (let attempt = 0; !this.stopped; attempt++) {
        try {
          await this.refresh(reportIdsOf(feed, rows));
          if (save) await this.saveCheckpoint(feed, lastSeq);
          break;
        } catch (err) {
          const wait = Math.min(60_000, 500 * 2 ** Math.min(attempt, 7));
          this.log(`report states: ${(err as Error).message}; retrying in ${wait} ms`);
          await this.pause(wait);
        }
      }
      done();
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
      if (failed.length) {
        const first = failed[0]!;
        throw new Error(`${failed.length} states not written (${first.error}: ${first.reason ?? ''})`);
      }
      this.warmViews();
    }
  }

  /**
   * Brings the statistics views' indexes up to date after states were written, in the background and one
   * pass at a time, so the cost of indexing a burst of changes is paid here and not by the next person who
   * opens the dashboard (a view read first indexes everything written since the last read).
   */
  private warmViews(): void {
    if (this.warming) {
      this.warmAgain = true;
      return;
    }
    this.warming = (async () => {
      do {
        this.warmAgain = false;
        for (const view of STATS_VIEWS) {
          const res = await this.http.admin(
            `${this.dbs.states}/_design/${STATS_DESIGN}/_view/${view}?limit=0&reduce=false`,
          );
          await res.body?.cancel();
        }
      } while (this.warmAgain && !this.stopped);
    })()
      .catch((err: Error) => {
        // Not awaited by stop(): an index pass cut by shutdown is resumed by the next read.
        if (!this.stopped) this.log(`report states: updating the statistics views failed: ${err.message}`);
      })
      .finally(() => {
        this.warming = null;
      });
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

  private async loadCheckpointRev(): Promise<void> {
    const res = await this.http.admin(`${this.dbs.states}/${CHECKPOINT}`);
    const doc = res.ok ? ((await res.json()) as { _rev?: string }) : (await res.body?.cancel(), {});
    this.checkpointDoc = { ...this.checkpointDoc, _rev: doc._rev };
  }

  private async saveCheckpoint(feed: Feed, seq: string | number): Promise<void> {
    const next = { ...this.checkpointDoc, [feed]: seq };
    const put = await this.http.admin(`${this.dbs.states}/${CHECKPOINT}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(next),
    });
    if (put.status === 409) {
      // Another instance held the lease in between and moved the checkpoint: take its revision; the
      // batch is retried and saves over it (re-folding what it already folded writes the same states).
      await put.body?.cancel();
      await this.loadCheckpointRev();
      throw new Error('the checkpoint moved under this worker');
    }
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
