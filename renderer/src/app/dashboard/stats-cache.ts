// The last statistics the server gave this user, kept on the device so the dashboard shows figures (with
// their time) while offline. One entry per server and user: a shared post laptop must not show one
// supervisor's region to the next. Sealed with the user's data key (issue 13): figures per team and officer
// are the user's data.

import type { StatsResponse } from '../../../../domain/api';
import type { DataKey } from '../../data/keys/data-key';
import { readSealedText, writeSealedText } from '../../data/sealed-preferences';
import type { KeyValueStore } from '../../platform/key-value-store';
import { statsCacheKey } from '../../platform/user-caches';

export { statsCacheKey };

const isRows = (v: unknown): boolean =>
  Array.isArray(v) &&
  v.every((r) => typeof r === 'object' && r !== null && typeof (r as { key?: unknown }).key === 'string');

/** A cached response, or null when there is none or it is not one we understand (an older app's shape). */
export function parseCachedStats(text: string | null): StatsResponse | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const s = value as Partial<StatsResponse> | null;
  if (typeof s !== 'object' || s === null || s.ok !== true) return null;
  if (typeof s.generatedAt !== 'string' || typeof s.total !== 'number' || typeof s.range !== 'object')
    return null;
  const lists = [s.byStatus, s.byCategory, s.byTeam, s.byDay, s.byKota, s.teams, s.officers];
  return lists.every(isRows) ? (s as StatsResponse) : null;
}

export async function readCachedStats(
  store: KeyValueStore,
  server: string,
  user: string,
  key: DataKey,
): Promise<StatsResponse | null> {
  return parseCachedStats(await readSealedText(store, statsCacheKey(server, user), key));
}

export function writeCachedStats(
  store: KeyValueStore,
  server: string,
  user: string,
  key: DataKey,
  stats: StatsResponse,
): Promise<void> {
  return writeSealedText(store, statsCacheKey(server, user), key, JSON.stringify(stats));
}
