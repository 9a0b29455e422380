// The officer's follow-up, from the local database: tasks assigned to them or their team, and the events
// that arrive through sync (for notifications). Reports assigned from another team are not replicated to
// this device (the gateway lets the assignee read them, but the replication checkpoint passed them before
// the assignment): such a task carries `report: null` and its case is fetched on demand (case-cache.ts).

import { combineLatest, map, of, switchMap, type Observable } from 'rxjs';
import { bufferTime, filter } from 'rxjs/operators';
import type { SessionUser } from '../../../../domain/api';
import type { Report } from '../../../../domain/report';
import { validateReportEvent, type ReportEvent } from '../../../../domain/report-events';
import { foldReportState, type ReportState } from '../../../../domain/report-state';
import type { TertibCollections } from '../db/types';
import { currentAssignments, isAssignedTo, type CurrentAssignment } from './follow-up-rules';

export interface Task {
  reportId: string;
  assignment: CurrentAssignment;
  /** The report when this device holds it; null when it must be fetched (`/api/cases/:id`). */
  report: Report | null;
  /** Folded from the events on this device (those of a fetched case are merged by the screen). */
  events: ReportEvent[];
  state: ReportState;
}

export interface FollowUp {
  /** Reports currently assigned to `user` or their team: open ones first, newest assignment first. */
  observeTasks(user: Pick<SessionUser, 'name' | 'team'>): Observable<Task[]>;
  /** Events newly written to this device (mostly by sync), in batches. */
  arrivals(): Observable<ReportEvent[]>;
}

const valid = (docs: readonly { toMutableJSON(): unknown }[]): ReportEvent[] => {
  const out: ReportEvent[] = [];
  for (const doc of docs) {
    const checked = validateReportEvent(doc.toMutableJSON());
    if (checked.ok) out.push(checked.value);
  }
  return out;
};

function withoutStorageFields(data: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (!key.startsWith('_')) out[key] = value;
  return out;
}

const FINAL = new Set(['selesai', 'ditolak']);

export function createFollowUp(db: Pick<TertibCollections, 'reports' | 'events'>): FollowUp {
  return {
    observeTasks(user) {
      return db.events.find({ selector: { kind: 'assigned' } }).$.pipe(
        map((docs) =>
          [...currentAssignments(valid(docs)).values()].filter((assignment) => isAssignedTo(assignment, user)),
        ),
        switchMap((assignments) => {
          if (assignments.length === 0) return of([] as Task[]);
          const ids = assignments.map((a) => a.reportId);
          return combineLatest([
            db.reports.findByIds(ids).$,
            db.events.find({ selector: { reportId: { $in: ids } } }).$,
          ]).pipe(
            map(([reports, eventDocs]) => {
              const events = valid(eventDocs);
              const tasks = assignments.map((assignment): Task => {
                const own = events.filter((e) => e.reportId === assignment.reportId);
                const doc = reports.get(assignment.reportId);
                return {
                  reportId: assignment.reportId,
                  assignment,
                  report: doc ? (doc.toMutableJSON() as Report) : null,
                  events: own,
                  state: foldReportState(own),
                };
              });
              return tasks.sort((a, b) => {
                const open = Number(FINAL.has(a.state.status)) - Number(FINAL.has(b.state.status));
                if (open !== 0) return open;
                return a.assignment.event.at < b.assignment.event.at ? 1 : -1;
              });
            }),
          );
        }),
      );
    },

    arrivals() {
      return db.events.insert$.pipe(
        // The change carries RxDB's own fields (`_meta`, `_rev`, …): the event is what is left.
        map((change) => validateReportEvent(withoutStorageFields(change.documentData))),
        filter((checked) => checked.ok),
        map((checked) => (checked.ok ? checked.value : null) as ReportEvent),
        // A sync pass writes events in bulk: one batch per half second, not one notification per event.
        bufferTime(500),
        filter((batch) => batch.length > 0),
      );
    },
  };
}
