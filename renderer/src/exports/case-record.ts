// One report with everything its events say about it, in the shape every export uses (CSV rows, GeoJSON
// features, the printed case report): the folded state, when it was closed, and the full timeline with each
// status event marked as applied or not — an event accepted offline against a status that had already moved
// on is history, and a magistrate must see both that it exists and that it changed nothing.

import type { Report } from '../../../domain/report';
import type { ReportEvent } from '../../../domain/report-events';
import { foldReportState, roleMayWrite, type ReportState } from '../../../domain/report-state';
import { compareEvents, INITIAL_STATUS, transitionFor, type Status } from '../../../domain/status';

export interface TimelineEntry {
  event: ReportEvent;
  /** For events that change status: the move they made, or null when they were stale or not allowed. */
  transition: { from: Status; to: Status } | null;
  /** True for `disposed`, `rejected` and `status-changed` events (whether they applied or not). */
  changesStatus: boolean;
}

export interface CaseRecord {
  report: Report;
  state: ReportState;
  /** When the report last entered `selesai`, if that is where it is now; else null. */
  closedAt: string | null;
  /** Every event of the report, oldest first, in the order every replica agrees on. */
  timeline: TimelineEntry[];
}

const STATUS_KINDS: ReadonlySet<ReportEvent['kind']> = new Set(['disposed', 'rejected', 'status-changed']);

export function buildCaseRecord(report: Report, events: readonly ReportEvent[]): CaseRecord {
  const own = events.filter((e) => e.reportId === report.id).sort(compareEvents);
  const state = foldReportState(own);
  // The same walk as foldReportState, kept here to say which event moved the status (the fold only says
  // where it ended). The last assertion in case-record.test.ts keeps the two in step.
  let status: Status = INITIAL_STATUS;
  let enteredCurrentAt: string | null = null;
  const timeline: TimelineEntry[] = own.map((event) => {
    const changesStatus = STATUS_KINDS.has(event.kind);
    const t = roleMayWrite(event.actorRole, event.kind) ? transitionFor(status, event) : null;
    if (t) {
      status = t.to;
      enteredCurrentAt = event.at;
    }
    return { event, changesStatus, transition: t ? { from: t.from, to: t.to } : null };
  });
  return {
    report,
    state,
    closedAt: state.status === 'selesai' && status === 'selesai' ? enteredCurrentAt : null,
    timeline,
  };
}

/** Groups events by report and builds each record, keeping the order of `reports`. */
export function buildCaseRecords(reports: readonly Report[], events: readonly ReportEvent[]): CaseRecord[] {
  const byReport = new Map<string, ReportEvent[]>();
  for (const e of events) {
    const list = byReport.get(e.reportId);
    if (list) list.push(e);
    else byReport.set(e.reportId, [e]);
  }
  return reports.map((r) => buildCaseRecord(r, byReport.get(r.id) ?? []));
}
