// A case (report + events) read whole from the server, for a report this device does not replicate — an
// officer's task from another team. Kept in Cache Storage per server and user, so the task still opens
// offline once seen; refreshed whenever the server answers.

import type { CaseResponse } from '../../../../domain/api';
import { validateReport, type Report } from '../../../../domain/report';
import { validateReportEvent, type ReportEvent } from '../../../../domain/report-events';
import type { ApiClient } from '../../api/api-client';
import { CASE_CACHE } from '../../platform/user-caches';
import type { DataKey } from '../keys/data-key';
import { sealedMatch, sealedPut } from '../sealed-cache';

const CACHE = CASE_CACHE;

export interface FetchedCase {
  report: Report;
  events: ReportEvent[];
  /** Where it came from: the server now, or this device's copy from an earlier visit. */
  from: 'server' | 'cache';
}

export type CaseLookup = FetchedCase | { missing: true } | { unavailable: true };

/** Accepts only a well-formed case: a valid report and its valid events (others are dropped). */
export function parseCase(body: unknown, reportId: string): Omit<FetchedCase, 'from'> | null {
  const b = body as Partial<CaseResponse> | null;
  if (typeof b !== 'object' || b === null) return null;
  const report = validateReport(b.report);
  if (!report.ok || report.value.id !== reportId || !Array.isArray(b.events)) return null;
  const events: ReportEvent[] = [];
  for (const e of b.events) {
    const checked = validateReportEvent(e);
    if (checked.ok && checked.value.reportId === reportId) events.push(checked.value);
  }
  return { report: report.value, events };
}

const cacheKey = (server: string, user: string, reportId: string) =>
  `${server}/api/cases/${encodeURIComponent(reportId)}?for=${encodeURIComponent(user)}`;

async function fromCache(key: string, reportId: string, dataKey: DataKey): Promise<FetchedCase | null> {
  const hit = await sealedMatch(CACHE, key, dataKey, 'application/json');
  if (!hit) return null;
  const parsed = parseCase(JSON.parse(await hit.text()), reportId);
  return parsed ? { ...parsed, from: 'cache' } : null;
}

/**
 * The server's answer when it gives one (cached for later), else this device's earlier copy. A 404 means
 * the case is gone or no longer readable (reassigned): the cached copy is dropped.
 */
export async function loadCase(
  client: ApiClient,
  user: string,
  reportId: string,
  dataKey: DataKey,
): Promise<CaseLookup> {
  const key = cacheKey(client.server, user, reportId);
  try {
    const res = await client.authorizedFetch(`${client.server}/api/cases/${encodeURIComponent(reportId)}`);
    if (res.status === 404) {
      if (typeof caches !== 'undefined') await (await caches.open(CACHE)).delete(key);
      return { missing: true };
    }
    if (res.ok) {
      const body: unknown = await res.json();
      const parsed = parseCase(body, reportId);
      if (parsed) {
        // Sealed with the user's data key: the profile holds ciphertext only (issue 13).
        await sealedPut(CACHE, key, dataKey, new Blob([JSON.stringify(body)], { type: 'application/json' }));
        return { ...parsed, from: 'server' };
      }
    }
  } catch {
    // Offline or the server is down: the device's copy, if any.
  }
  return (await fromCache(key, reportId, dataKey).catch(() => null)) ?? { unavailable: true };
}
