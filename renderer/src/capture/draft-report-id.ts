import { isDocId } from '../../../domain/formats';
import type { KeyValueStore } from '../platform/key-value-store';

const key = (user: string): string => `tertib.draftReportId:${user}`;

interface Entry {
  id: string;
  /** `saved`: the report is in the local database; the draft still on disk is a leftover to discard. */
  state: 'draft' | 'saved';
}

function read(store: KeyValueStore, user: string): Entry | null {
  try {
    const entry = JSON.parse(store.getItem(key(user)) ?? 'null') as Partial<Entry> | null;
    if (entry && isDocId(entry.id) && (entry.state === 'draft' || entry.state === 'saved')) {
      return { id: entry.id, state: entry.state };
    }
  } catch {
    // Unreadable: treated as absent.
  }
  return null;
}

/**
 * The id of the report the current draft will become, made when the draft starts and kept beside it
 * (the shared `Draft` contract has no id field). Were the id made at save time, a crash between
 * `reports.save` and `drafts.clear` would restore the draft and a second save would file the same report
 * again under a new id. The save marks the entry `saved` before clearing the draft, so a leftover draft
 * is recognised at the next start (`isSavedLeftover`) and discarded instead of filed twice.
 */
export function draftReportId(
  store: KeyValueStore,
  user: string,
  makeId = () => crypto.randomUUID(),
): string {
  const entry = read(store, user);
  if (entry?.state === 'draft') return entry.id;
  const id = makeId();
  store.setItem(key(user), JSON.stringify({ id, state: 'draft' } satisfies Entry));
  return id;
}

export function markReportSaved(store: KeyValueStore, user: string, id: string): void {
  store.setItem(key(user), JSON.stringify({ id, state: 'saved' } satisfies Entry));
}

/** True when the stored draft belongs to a report already saved (a crash came between save and clear). */
export function isSavedLeftover(store: KeyValueStore, user: string): boolean {
  return read(store, user)?.state === 'saved';
}

/** After the draft is cleared: the next draft gets a fresh id. */
export function forgetDraftReportId(store: KeyValueStore, user: string): void {
  store.removeItem(key(user));
}
