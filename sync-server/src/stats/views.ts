import { NO_AREA_KEY } from '../../../domain/report-stats';

// The statistics views over the materialised report states (`state:<reportId>` in `<prefix>report_states`).
// Plain ES5 map functions with built-in reduces only, so real CouchDB 3 runs them as the embedded backend
// does (no JavaScript reduce, no embedded-backend quirks).
//
// Every state is emitted twice: under the scope `*` (everything: admins, the public page) and under its
// region (a supervisor). A scope and a date range are then one key range, so each figure is one grouped
// read whose size is bounded by days × distinct values (statuses, categories, teams…), never by the number
// of reports. Linked duplicates are not emitted: their group counts once, through the report they were
// linked to.

export const STATS_DESIGN = 'tertib';
export const ALL_SCOPE = '*';
/** The views of the states database's design document. */
export const STATS_VIEWS = ['counts', 'closed'] as const;

/** Dimensions of the `counts` view, in the order the map emits them. */
export const COUNT_DIMENSIONS = ['status', 'category', 'team', 'author', 'kota', 'kecamatan'] as const;
export type CountDimension = (typeof COUNT_DIMENSIONS)[number];

const scopes = `var scopes = ['${ALL_SCOPE}']; if (doc.region) { scopes.push(doc.region); }`;
const skip = "if (doc.type !== 'report-state' || doc.duplicateOf || !doc.day) { return; }";

/**
 * `counts`: key `[scope, day, dimension, value]`, `_count`. `group_level=4` over `[scope, from]` ..
 * `[scope, to, {}]` gives every count of a range in one read.
 */
const COUNTS_MAP = [
  'function (doc) {',
  skip,
  scopes,
  `var none = '${NO_AREA_KEY}';`,
  'var dims = [',
  "['status', doc.status],",
  "['category', doc.categoryId],",
  "['team', doc.team || ''],",
  "['author', doc.author],",
  "['kota', doc.kota ? doc.kota.code : none],",
  "['kecamatan', doc.kecamatan ? doc.kecamatan.code : none]",
  '];',
  'for (var s = 0; s < scopes.length; s++) {',
  'for (var d = 0; d < dims.length; d++) { emit([scopes[s], doc.day, dims[d][0], dims[d][1]], null); }',
  '}',
  '}',
].join(' ');

/**
 * `closed`: key `[scope, day, closeMs]`, value `[handlerTeam, handlerOfficer]`, one row per case closed,
 * for the median close times (read with `reduce=false`: keys and two short strings, no documents).
 */
const CLOSED_MAP = [
  'function (doc) {',
  skip,
  "if (doc.status !== 'selesai' || typeof doc.closeMs !== 'number') { return; }",
  scopes,
  'for (var s = 0; s < scopes.length; s++) {',
  'emit([scopes[s], doc.day, doc.closeMs], [doc.handlerTeam, doc.handlerOfficer]);',
  '}',
  '}',
].join(' ');

export function reportStatesDesignDoc(): Record<string, unknown> {
  return {
    language: 'javascript',
    views: {
      counts: { map: COUNTS_MAP, reduce: '_count' },
      closed: { map: CLOSED_MAP, reduce: '_count' },
    },
  };
}
