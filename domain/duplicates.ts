// Possible duplicates: two officers filing the same street vendor, or one officer filing it twice. The case
// screen lists reports of the same category close in space and time; a supervisor links one with a
// `linked-duplicate` event, and statistics count a linked group once.

import type { Report } from './report';

/** Within this distance (metres, between the two fixes) and … */
export const DUPLICATE_RADIUS_M = 50;
/** … this time apart (capture times), a report of the same category may be the same violation. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 60 * 1000;

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine; at 50 m its error is far below any GPS fix's). */
export function haversineM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

type DupReport = Pick<Report, 'id' | 'categoryId' | 'location' | 'capturedAt'>;

export interface DuplicateCandidate<R extends DupReport = DupReport> {
  report: R;
  /** From the candidate's folded state: a report already linked to another is not offered again. */
  duplicateOf: string | null;
}

export interface PossibleDuplicate<R extends DupReport = DupReport> {
  report: R;
  distanceM: number;
  /** |capture time difference| in milliseconds. */
  deltaMs: number;
}

/**
 * Reports of the same category within DUPLICATE_RADIUS_M and DUPLICATE_WINDOW_MS of `report`, nearest
 * first. Excluded: the report itself, reports without a location (nothing to compare), candidates already
 * linked as a duplicate of some report, and the report `report` is itself linked to (`linkedTo`).
 */
export function findPossibleDuplicates<R extends DupReport>(
  report: DupReport,
  candidates: ReadonlyArray<DuplicateCandidate<R>>,
  linkedTo: string | null = null,
): Array<PossibleDuplicate<R>> {
  const here = report.location;
  const at = Date.parse(report.capturedAt);
  if (here === null || Number.isNaN(at)) return [];
  const out: Array<PossibleDuplicate<R>> = [];
  for (const c of candidates) {
    const other = c.report;
    if (other.id === report.id || other.id === linkedTo || c.duplicateOf !== null) continue;
    if (other.categoryId !== report.categoryId || other.location === null) continue;
    const deltaMs = Math.abs(Date.parse(other.capturedAt) - at);
    if (!(deltaMs <= DUPLICATE_WINDOW_MS)) continue;
    const distanceM = haversineM(here, other.location);
    if (distanceM > DUPLICATE_RADIUS_M) continue;
    out.push({ report: other, distanceM, deltaMs });
  }
  return out.sort(
    (a, b) => a.distanceM - b.distanceM || a.deltaMs - b.deltaMs || (a.report.id < b.report.id ? -1 : 1),
  );
}

/**
 * Which of two reports is marked the duplicate of which: the later capture (then the larger id) becomes the
 * duplicate of the earlier one, whichever case screen the link is made from, so a group keeps the first
 * report as its original and two supervisors linking the same pair agree.
 */
export function duplicateDirection(
  a: Pick<Report, 'id' | 'capturedAt'>,
  b: Pick<Report, 'id' | 'capturedAt'>,
): { duplicate: string; original: string } {
  const aFirst = a.capturedAt < b.capturedAt || (a.capturedAt === b.capturedAt && a.id < b.id);
  return aFirst ? { duplicate: b.id, original: a.id } : { duplicate: a.id, original: b.id };
}
