// Reports with all their events, read once, for exports and the printed case report. An export is a
// snapshot of what this device holds at that moment; screens that must follow changes live use the hooks in
// local-data.tsx instead.

import { useCallback } from 'react';
import type { Report } from '../../../domain/report';
import type { ReportEvent } from '../../../domain/report-events';
import type { TertibCollections } from './db/local-database';
import { useLocalData } from './local-data';

export interface CaseFiles {
  /** The reports found, in the order asked for. */
  reports: Report[];
  events: ReportEvent[];
  /** Ids asked for that are not on this device. */
  missing: string[];
}

export async function readCaseFiles(
  collections: Pick<TertibCollections, 'reports' | 'events'>,
  ids: readonly string[],
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
  return { reports, events: eventDocs.map((d) => d.toMutableJSON() as ReportEvent), missing };
}

/** A reader bound to the signed-in user's local database. */
export function useCaseFileReader(): (ids: readonly string[]) => Promise<CaseFiles> {
  // The replicated collections are the sync engine's handles; this only reads them.
  const { sync } = useLocalData();
  const { collections } = sync;
  return useCallback((ids) => readCaseFiles(collections, ids), [collections]);
}
