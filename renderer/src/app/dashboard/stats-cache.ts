// The last statistics the server gave this user, kept on the device so the dashboard shows figures (with
// their time) while offline. One entry per server and user: a shared post laptop must not show one
// supervisor's region to the next.

import type { StatsResponse } from '../../../../domain/api';
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

export function readCachedStats(store: KeyValueStore, server: string, user: string): StatsResponse | null {
  try {
    return parseCachedStats(store.getItem(statsCacheKey(server, user)));
  } catch {
    return null;
  }
}

export function writeCachedStats(
  store: KeyValueStore,
  server: string,
  user: string,
  stats: StatsResponse,
): void {
  try {
    store.setItem(statsCacheKey(server, user), JSON.stringify(stats));
  } catch {
    // A full localStorage loses only the offline copy.
  }
}
