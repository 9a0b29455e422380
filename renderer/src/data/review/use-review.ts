// The review queue's hooks: screens see snapshots and results, never RxDB.

import { useMemo, useSyncExternalStore } from 'react';
import { useLocalData } from '../local-data';
import { reviewIndexFor, type ReviewSnapshot } from './review-index';
import type { ReviewFilter, ReviewResult } from './review-query';

export type { ReviewSnapshot } from './review-index';
export * from './review-query';

/** The latest snapshot of this device's review index (built on first use); null while it is being built. */
export function useReviewSnapshot(): ReviewSnapshot | null {
  // The replicated collections are the ones the index reads; LocalData exposes them under `sync`.
  const { sync } = useLocalData();
  const index = useMemo(
    () => reviewIndexFor(sync.collections, sync.eventStates.observeRefused()),
    [sync.collections, sync.eventStates],
  );
  return useSyncExternalStore(
    (onChange) => index.subscribe(onChange),
    () => index.current,
  );
}

/** The filtered, sorted rows and facet counts; recomputed only when the snapshot, filter or labels change. */
export function useReviewResult(
  snapshot: ReviewSnapshot | null,
  filter: ReviewFilter,
  categoryLabel: (id: string) => string,
  labelKey: string,
): ReviewResult | null {
  // categoryLabel changes identity on every render of the Shell; labelKey (the language) says when it matters.
  const label = useMemo(() => categoryLabel, [labelKey]); // eslint-disable-line react-hooks/exhaustive-deps
  return useMemo(
    () => (snapshot === null ? null : snapshot.query(filter, label, labelKey)),
    [snapshot, filter, label, labelKey],
  );
}
