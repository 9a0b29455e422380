// The hook screens use to read reports with their events for exports (see db/case-file-reader.ts).

import { useCallback } from 'react';
import { readCaseFiles, type CaseFiles } from './db/case-file-reader';
import { useLocalData } from './local-data';

export type { CaseFiles } from './db/case-file-reader';

/** A reader bound to the signed-in user's local database. */
export function useCaseFileReader(): (ids: readonly string[]) => Promise<CaseFiles> {
  // The replicated collections are the sync engine's handles; this only reads them.
  const { sync } = useLocalData();
  const { collections, eventStates } = sync;
  return useCallback(
    async (ids) => readCaseFiles(collections, ids, await eventStates.refusedIds()),
    [collections, eventStates],
  );
}
