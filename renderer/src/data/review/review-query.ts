// The review queue's filter, search, sort and facet counts, as pure functions over the review index's rows
// (review-index.ts keeps those rows current from RxDB). Plain TypeScript, no RxDB: unit-tested in Node.
//
// Why in memory and not RxDB queries: a report's status, assignment and duplicate link are folded from its
// events (domain/report-state.ts), so they exist in no stored field an RxDB index could cover; and a facet
// bar needs a count per value of five dimensions under "every other filter" — with indexed queries that is
// one query per dimension per keystroke, each touching most of the 50 000 documents anyway. One linear pass
// over ~50 000 small rows computes the result and all five facets at once in a few milliseconds.

import type { Report } from '../../../../domain/report';
import type { ReportState } from '../../../../domain/report-state';
import { STATUSES, type Status } from '../../../../domain/status';

/** A report joined with what its events say about it: one row of the review queue. */
export interface ReviewRow {
  readonly id: string;
  readonly report: Report;
  readonly status: Status;
  readonly assignedTeam: string | null;
  readonly assignedOfficer: string | null;
  readonly duplicateOf: string | null;
  readonly verified: boolean;
  readonly lastEventAt: string | null;
  /** Description and place note, folded by `foldText`: what the search box looks in. */
  readonly text: string;
}

/** The filter value for "no team" / "tanpa wilayah" (no valid team slug or area code can be `-`). */
export const NONE = '-';

export const REVIEW_SORTS = ['newest', 'oldest', 'status', 'category', 'officer', 'area'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

/** The dimensions with a count per value (facets); the date range and the search narrow all of them. */
export const FACETS = ['status', 'category', 'team', 'officer', 'area'] as const;
export type Facet = (typeof FACETS)[number];

export interface ReviewFilter {
  status: Status | null;
  category: string | null;
  /** The report's team (the filing officer's); `NONE` for reports without one. */
  team: string | null;
  /** The filing officer (the report's author). */
  officer: string | null;
  /** A kota, kecamatan or kelurahan code (Kemendagri), or `NONE` for reports without an area. */
  area: string | null;
  /** capturedAt >= from (ISO, inclusive). */
  from: string | null;
  /** capturedAt < to (ISO, exclusive). */
  to: string | null;
  /** Words that must all appear in the description or place note (case- and accent-insensitive). */
  q: string;
  sort: ReviewSort;
}

export const EMPTY_FILTER: ReviewFilter = {
  status: null,
  category: null,
  team: null,
  officer: null,
  area: null,
  from: null,
  to: null,
  q: '',
  sort: 'newest',
};

export type FacetCounts = Record<Facet, Map<string, number>>;

export interface ReviewResult {
  /** The matching rows, in the filter's sort order. */
  items: ReviewRow[];
  /** Per facet, per value: how many rows match when every *other* filter is applied. */
  facets: FacetCounts;
}

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lower case without accents and with single spaces: "Jalan  Pramuka — CAFÉ" → "jalan pramuka — cafe". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The search box's words, folded; empty words dropped, duplicates kept once. */
export function searchTerms(q: string): string[] {
  const words = foldText(q).split(' ').filter((w) => w.length > 0);
  return [...new Set(words)];
}

export function toReviewRow(report: Report, state: ReportState): ReviewRow {
  return {
    id: report.id,
    report,
    status: state.status,
    assignedTeam: state.assignedTeam,
    assignedOfficer: state.assignedOfficer,
    duplicateOf: state.duplicateOf,
    verified: state.verified,
    lastEventAt: state.lastEventAt,
    text: foldText(report.placeNote ? `${report.description}\n${report.placeNote}` : report.description),
  };
}

function facetValue(row: ReviewRow, facet: Exclude<Facet, 'area'>): string {
  switch (facet) {
    case 'status':
      return row.status;
    case 'category':
      return row.report.categoryId;
    case 'team':
      return row.report.team ?? NONE;
    case 'officer':
      return row.report.author;
  }
}

function matchesArea(row: ReviewRow, area: string): boolean {
  const a = row.report.area;
  if (area === NONE) return a === undefined;
  return a !== undefined && (a.kota.code === area || a.kecamatan.code === area || a.kelurahan.code === area);
}

function matchesFacet(row: ReviewRow, facet: Facet, filter: ReviewFilter): boolean {
  const wanted = filter[facet];
  if (wanted === null) return true;
  return facet === 'area' ? matchesArea(row, wanted) : facetValue(row, facet) === wanted;
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function countInto(counts: FacetCounts, facet: Facet, row: ReviewRow): void {
  if (facet !== 'area') {
    bump(counts[facet], facetValue(row, facet));
    return;
  }
  const a = row.report.area;
  if (a === undefined) bump(counts.area, NONE);
  else {
    bump(counts.area, a.kota.code);
    bump(counts.area, a.kecamatan.code);
    bump(counts.area, a.kelurahan.code);
  }
}

export function emptyFacets(): FacetCounts {
  return { status: new Map(), category: new Map(), team: new Map(), officer: new Map(), area: new Map() };
}

/**
 * Filters `sorted` (rows already in the filter's sort order — `sortRows`) and counts every facet in one
 * pass. A row failing exactly one facet filter still counts for that facet's other values, which is what
 * "counts for the current other filters" means; a row failing two counts nowhere.
 */
export function queryRows(sorted: readonly ReviewRow[], filter: ReviewFilter): ReviewResult {
  const terms = searchTerms(filter.q);
  const facets = emptyFacets();
  const items: ReviewRow[] = [];
  const { from, to } = filter;
  const active = FACETS.filter((f) => filter[f] !== null);
  for (const row of sorted) {
    // Cheapest tests first: a row failing two facets is out of every count, whatever its text says.
    let failed: Facet | null = null;
    let failures = 0;
    for (const facet of active) {
      if (!matchesFacet(row, facet, filter)) {
        failed = facet;
        if (++failures > 1) break;
      }
    }
    if (failures > 1) continue;
    const at = row.report.capturedAt;
    if ((from !== null && at < from) || (to !== null && at >= to)) continue;
    if (terms.length > 0 && !terms.every((t) => row.text.includes(t))) continue;
    if (failed !== null) {
      countInto(facets, failed, row);
      continue;
    }
    items.push(row);
    for (const facet of FACETS) countInto(facets, facet, row);
  }
  return { items, facets };
}

const STATUS_ORDER = new Map<Status, number>(STATUSES.map((s, i) => [s, i]));

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const newestFirst = (a: ReviewRow, b: ReviewRow): number =>
  cmp(b.report.capturedAt, a.report.capturedAt) || cmp(b.id, a.id);

/** Area names kota › kecamatan › kelurahan; reports without an area sort after every named one. */
function areaKey(row: ReviewRow): string {
  const a = row.report.area;
  return a === undefined ? '\uffff' : `${a.kota.name}\u0000${a.kecamatan.name}\u0000${a.kelurahan.name}`;
}

/**
 * A sorted copy of `rows`. Ties always fall back to newest first, then id, so the order is total and a
 * selection never jumps between equal rows. `label` names categories for the category sort (by the label
 * the user reads, folded); without it the id is used.
 */
export function sortRows(
  rows: readonly ReviewRow[],
  sort: ReviewSort,
  label: (categoryId: string) => string = (id) => id,
): ReviewRow[] {
  const out = [...rows];
  switch (sort) {
    case 'newest':
      return out.sort(newestFirst);
    case 'oldest':
      return out.sort((a, b) => cmp(a.report.capturedAt, b.report.capturedAt) || cmp(a.id, b.id));
    case 'status':
      return out.sort(
        (a, b) => (STATUS_ORDER.get(a.status) ?? 0) - (STATUS_ORDER.get(b.status) ?? 0) || newestFirst(a, b),
      );
    case 'category': {
      const labels = new Map<string, string>();
      const key = (id: string) => {
        let k = labels.get(id);
        if (k === undefined) labels.set(id, (k = foldText(label(id))));
        return k;
      };
      return out.sort((a, b) => cmp(key(a.report.categoryId), key(b.report.categoryId)) || newestFirst(a, b));
    }
    case 'officer':
      return out.sort((a, b) => cmp(a.report.author, b.report.author) || newestFirst(a, b));
    case 'area': {
      const keys = new Map(out.map((r) => [r.id, foldText(areaKey(r))]));
      return out.sort((a, b) => cmp(keys.get(a.id) ?? '', keys.get(b.id) ?? '') || newestFirst(a, b));
    }
  }
}

export interface AreaOption {
  code: string;
  name: string;
  level: 'kota' | 'kecamatan' | 'kelurahan';
}

export interface FilterOptions {
  categories: string[];
  teams: string[];
  officers: string[];
  /** Kota, each followed by its kecamatan, each followed by its kelurahan; sorted by name. */
  areas: AreaOption[];
  /** Whether some report has no area (offer "tanpa wilayah"). */
  anyWithoutArea: boolean;
}

/**
 * Every value present in the data, so a select keeps offering a value whose count drops to 0 under the
 * other filters. Area names come from the reports' own `area` objects (code + name), until the server's
 * `GET /api/areas` reference data exists.
 */
export function filterOptions(rows: readonly ReviewRow[]): FilterOptions {
  const categories = new Set<string>();
  const teams = new Set<string>();
  const officers = new Set<string>();
  type Node = { name: string; children: Map<string, Node> };
  const kota = new Map<string, Node>();
  let anyWithoutArea = false;
  const child = (level: Map<string, Node>, code: string, name: string): Node => {
    let node = level.get(code);
    if (!node) level.set(code, (node = { name, children: new Map() }));
    return node;
  };
  for (const { report } of rows) {
    categories.add(report.categoryId);
    teams.add(report.team ?? NONE);
    officers.add(report.author);
    const a = report.area;
    if (a === undefined) anyWithoutArea = true;
    else {
      const kec = child(child(kota, a.kota.code, a.kota.name).children, a.kecamatan.code, a.kecamatan.name);
      child(kec.children, a.kelurahan.code, a.kelurahan.name);
    }
  }
  const areas: AreaOption[] = [];
  const byName = (m: Map<string, Node>) => [...m.entries()].sort((x, y) => cmp(foldText(x[1].name), foldText(y[1].name)));
  for (const [kCode, k] of byName(kota)) {
    areas.push({ code: kCode, name: k.name, level: 'kota' });
    for (const [cCode, c] of byName(k.children)) {
      areas.push({ code: cCode, name: c.name, level: 'kecamatan' });
      for (const [lCode, l] of byName(c.children)) areas.push({ code: lCode, name: l.name, level: 'kelurahan' });
    }
  }
  const sorted = (s: Set<string>) => [...s].sort(cmp);
  return { categories: sorted(categories), teams: sorted(teams), officers: sorted(officers), areas, anyWithoutArea };
}

/** Start of a calendar day (`YYYY-MM-DD`) in the device's time zone (WIB on the supervisors' machines), as ISO. */
export function dayStartIso(day: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (date.getFullYear() !== Number(m[1]) || date.getMonth() !== Number(m[2]) - 1 || date.getDate() !== Number(m[3]))
    return null;
  return date.toISOString();
}

/** The ISO bounds of an inclusive range of calendar days (either end optional). */
export function dayRangeBounds(fromDay: string | null, toDay: string | null): { from: string | null; to: string | null } {
  const from = fromDay ? dayStartIso(fromDay) : null;
  let to: string | null = null;
  if (toDay) {
    const start = dayStartIso(toDay);
    if (start !== null) {
      const d = new Date(start);
      to = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).toISOString();
    }
  }
  return { from, to };
}
