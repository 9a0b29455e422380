// What statistics need of one report, materialised by the server from the report and its events (the
// `state:<reportId>` documents the statistics views index). Pure, so the definitions the dashboard and the
// public page count by are one function with unit tests, not scattered through view code.

import type { AreaRef, Report } from './report';
import type { ReportEvent } from './report-events';
import { foldReportState } from './report-state';
import type { Status } from './status';

/**
 * Days are counted in Jakarta time (WIB, UTC+7, no daylight saving): a report filed at 01:00 WIB on the
 * 2nd belongs to the 2nd, although its UTC timestamp says the 1st.
 */
export const STATS_UTC_OFFSET_MS = 7 * 3600 * 1000;

/** Key of the row counting reports filed without an area (the area is optional on a report). */
export const NO_AREA_KEY = '-';

export const STATE_ID_PREFIX = 'state:';
export const stateDocId = (reportId: string): string => STATE_ID_PREFIX + reportId;

/** `YYYY-MM-DD` in WIB of an ISO time. */
export function statsDay(iso: string): string {
  return new Date(Date.parse(iso) + STATS_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** `31.71.01` for `31.71.01` or `317101`: one spelling per area, so the views group them together. */
export function normalizeAreaCode(code: string): string {
  const digits = code.replace(/\./g, '');
  const parts = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4, 6), digits.slice(6)];
  return parts.filter((p) => p !== '').join('.');
}

export interface ReportStatsState {
  type: 'report-state';
  reportId: string;
  author: string;
  team: string | null;
  region: string | null;
  categoryId: string;
  capturedAt: string;
  /** WIB day of `capturedAt`: what the date range and "by day" count by. */
  day: string;
  kota: AreaRef | null;
  kecamatan: AreaRef | null;
  status: Status;
  assignedTeam: string | null;
  assignedOfficer: string | null;
  /** Set when the report was linked as a duplicate: it is then not counted; its group counts once. */
  duplicateOf: string | null;
  closedAt: string | null;
  /** Milliseconds from capture to `selesai` (never negative: a device clock may run ahead). */
  closeMs: number | null;
  /**
   * Who handled the case: the assigned team (else the filing team) and the assigned officer (else, when
   * nobody was assigned at all, the officer who filed it and follows it up).
   */
  handlerTeam: string | null;
  handlerOfficer: string | null;
  lastEventAt: string | null;
}

/** The statistics state of `report` given its events (any order; events of other reports are ignored). */
export function materializeReportState(report: Report, events: readonly ReportEvent[]): ReportStatsState {
  const folded = foldReportState(events.filter((e) => e.reportId === report.id));
  const closeMs =
    folded.closedAt === null
      ? null
      : Math.max(0, Date.parse(folded.closedAt) - Date.parse(report.capturedAt));
  const area = (ref: AreaRef | undefined): AreaRef | null =>
    ref ? { code: normalizeAreaCode(ref.code), name: ref.name } : null;
  const assigned = folded.assignedTeam !== null || folded.assignedOfficer !== null;
  return {
    type: 'report-state',
    reportId: report.id,
    author: report.author,
    team: report.team,
    region: report.region,
    categoryId: report.categoryId,
    capturedAt: report.capturedAt,
    day: statsDay(report.capturedAt),
    kota: area(report.area?.kota),
    kecamatan: area(report.area?.kecamatan),
    status: folded.status,
    assignedTeam: folded.assignedTeam,
    assignedOfficer: folded.assignedOfficer,
    duplicateOf: folded.duplicateOf,
    closedAt: folded.closedAt,
    closeMs,
    handlerTeam: folded.assignedTeam ?? report.team,
    handlerOfficer: folded.assignedOfficer ?? (assigned ? null : report.author),
    lastEventAt: folded.lastEventAt,
  };
}

/** The median of a list of numbers (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Resolved share as the Jakarta CRM counts it: done / (all − rejected); null when nothing counts. */
export function shareResolved(total: number, resolved: number, rejected: number): number | null {
  const base = total - rejected;
  return base > 0 ? resolved / base : null;
}
