// Reports with all their events, read once, for exports and the printed case report. An export is a
// snapshot of what this device holds at that moment; screens that follow changes live use the repository's
// observables instead.

import type { Report } from '../../../../domain/report';
import type { ReportEvent } from '../../../../domain/report-events';
import type { TertibCollections } from './types';

export interface CaseFiles {
  /** The reports found, in the order asked for. */
  reports: Report[];
  events: ReportEvent[];
  /** Ids asked for that are not on this device. */
  missing: string[];
}

/**
 * `refused`: ids of this device's own events the server refused for good. They are left out: a case file
 * (evidence for a magistrate) shows only what the server accepted or may still accept.
 */
export async function readCaseFiles(
  collections: Pick<TertibCollections, 'reports' | 'events'>,
  ids: readonly string[],
  refused: ReadonlySet<string> = new Set(),
): Promise<CaseFiles> {
  const [found, eventDocs] = await Promise.all([
    collections.reports.findByIds([...ids]).exec(),
    collections.events.find({ selector: { reportId: { $in: [...ids] } } }).exec(),
  ]);
  const reports: Report[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const doc = found.get(id);
    if (doc) reports.push(doc.toMutableJSON() as Report);
    else missing.push(id);
  }
  const events = eventDocs.map((d) => d.toMutableJSON() as ReportEvent).filter((e) => !refused.has(e.id));
  return { reports, events, missing };
}
