import { roleMayWrite } from '../../../domain/report-state';
import { compareEvents } from '../../../domain/status';
import { isRole } from '../../../domain/users';
import { type BackendHttp, jsonOrThrow } from './backend-http';
import type { ChangeRow, ChangesFollower } from './changes-follower';

// Who each report is assigned to, for read access: an officer may follow a report assigned to them or to
// their team even when it was filed by another team. Its `assigned` events stay readable to everyone it was
// ever assigned to, so a team that loses a task learns so from the same feed that gave it the task. The assignment is the report's latest `assigned` event
// by the order every replica agrees on (time, then id) — the same rule as `foldReportState` — counting only
// events whose actor's role may assign. Loaded at start from a view over the events database, then kept
// current from the events follower, which notifies this index before it answers any waiting client.

export interface Assignment {
  assignedTeam: string | null;
  assignedOfficer: string | null;
}

export interface AssignmentLookup {
  /** The report's current assignment, or null if it was never assigned. */
  assignmentOf(reportId: string): Assignment | null;
  /** Every team or officer the report has ever been assigned to (current one included). */
  assignmentsEver(reportId: string): readonly Assignment[];
  /**
   * Every report ever assigned to this officer by name or to this team: a superset of what assignment lets
   * them read, for narrowing a changes feed in the backend (access.ts still decides per document).
   */
  reportsEverAssignedTo(officer: string, team: string | null): string[];
}

interface Entry extends Assignment {
  at: string;
  id: string;
}

/** The view row value: [at, id, assignedTeam, assignedOfficer, actorRole]. */
type Row = [string, string, string | null, string | null, string];

export const ASSIGNMENTS_VIEW_MAP =
  "function (doc) { if (doc.type === 'event' && doc.kind === 'assigned' && !doc._deleted) { emit(doc.reportId, [doc.at, doc.id, doc.assignedTeam, doc.assignedOfficer, doc.actorRole]); } }";

const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export class AssignmentIndex implements AssignmentLookup {
  private readonly latest = new Map<string, Entry>();
  private readonly ever = new Map<string, Assignment[]>();
  private readonly byOfficer = new Map<string, Set<string>>();
  private readonly byTeam = new Map<string, Set<string>>();
  private readonly onChanges = (rows: ChangeRow[]) => {
    for (const row of rows) {
      const doc = row.doc;
      if (!doc || row.deleted || doc.type !== 'event' || doc.kind !== 'assigned') continue;
      this.offer(String(doc.reportId), [
        String(doc.at),
        String(doc.id),
        strOrNull(doc.assignedTeam),
        strOrNull(doc.assignedOfficer),
        String(doc.actorRole),
      ]);
    }
  };

  constructor(
    private readonly http: BackendHttp,
    private readonly eventsDb: string,
    private readonly follower: ChangesFollower,
  ) {}

  /** Listens first (so nothing written during the load is missed), then reads the view. */
  async start(): Promise<void> {
    this.follower.on('changes', this.onChanges);
    const res = await this.http.admin(`${this.eventsDb}/_design/tertib/_view/assignments`);
    const view = await jsonOrThrow<{ rows: Array<{ key: string; value: Row }> }>(res, 'assignments view');
    for (const row of view.rows) this.offer(row.key, row.value);
  }

  stop(): void {
    this.follower.off('changes', this.onChanges);
  }

  assignmentOf(reportId: string): Assignment | null {
    const entry = this.latest.get(reportId);
    return entry ? { assignedTeam: entry.assignedTeam, assignedOfficer: entry.assignedOfficer } : null;
  }

  assignmentsEver(reportId: string): readonly Assignment[] {
    return this.ever.get(reportId) ?? [];
  }

  reportsEverAssignedTo(officer: string, team: string | null): string[] {
    const ids = new Set(this.byOfficer.get(officer));
    if (team !== null) for (const id of this.byTeam.get(team) ?? []) ids.add(id);
    return [...ids];
  }

  private offer(reportId: string, [at, id, assignedTeam, assignedOfficer, actorRole]: Row): void {
    if (!isRole(actorRole) || !roleMayWrite(actorRole, 'assigned')) return;
    const past = this.ever.get(reportId) ?? [];
    if (!past.some((a) => a.assignedTeam === assignedTeam && a.assignedOfficer === assignedOfficer)) {
      this.ever.set(reportId, [...past, { assignedTeam, assignedOfficer }]);
    }
    const index = (map: Map<string, Set<string>>, key: string | null) => {
      if (key !== null) map.set(key, (map.get(key) ?? new Set()).add(reportId));
    };
    index(this.byOfficer, assignedOfficer);
    index(this.byTeam, assignedTeam);
    const current = this.latest.get(reportId);
    if (current && compareEvents(current, { at, id }) >= 0) return;
    this.latest.set(reportId, { at, id, assignedTeam, assignedOfficer });
  }
}
