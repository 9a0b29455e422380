// The review queue's filters in the URL hash query (`#/tinjauan?status=menunggu&cari=trotoar`), so a reload,
// Back from a report and a copied link all keep them. Unknown or malformed values are dropped, never trusted.

import { isStatus, type Status } from '../../../../domain/status';
import {
  dayRangeBounds,
  dayStartIso,
  REVIEW_SORTS,
  type ReviewFilter,
  type ReviewSort,
} from '../../data/review/use-review';

export interface ReviewParams {
  status: Status | null;
  category: string | null;
  team: string | null;
  officer: string | null;
  area: string | null;
  /** Calendar days `YYYY-MM-DD`, inclusive, in the device's time zone. */
  from: string | null;
  to: string | null;
  q: string;
  sort: ReviewSort;
}

export const DEFAULT_PARAMS: ReviewParams = {
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

/** URL keys, in Indonesian like the routes. */
const KEYS = {
  status: 'status',
  category: 'kategori',
  team: 'regu',
  officer: 'petugas',
  area: 'wilayah',
  from: 'dari',
  to: 'sampai',
  q: 'cari',
  sort: 'urut',
} as const satisfies Record<keyof ReviewParams, string>;

const TOKEN = /^[A-Za-z0-9._-]{1,64}$/;

function token(v: string | null): string | null {
  return v !== null && TOKEN.test(v) ? v : null;
}

function day(v: string | null): string | null {
  return v !== null && dayStartIso(v) !== null ? v : null;
}

/** The filters a hash carries (`#/tinjauan?…`); anything else in the hash is ignored. */
export function parseReviewParams(hash: string): ReviewParams {
  const at = hash.indexOf('?');
  const query = new URLSearchParams(at === -1 ? '' : hash.slice(at + 1));
  const status = query.get(KEYS.status);
  const sort = query.get(KEYS.sort);
  return {
    status: isStatus(status) ? status : null,
    category: token(query.get(KEYS.category)),
    team: token(query.get(KEYS.team)),
    officer: token(query.get(KEYS.officer)),
    area: token(query.get(KEYS.area)),
    from: day(query.get(KEYS.from)),
    to: day(query.get(KEYS.to)),
    q: (query.get(KEYS.q) ?? '').slice(0, 200),
    sort: REVIEW_SORTS.find((s) => s === sort) ?? 'newest',
  };
}

/** `#/<path>` with the non-default filters as its query, in a fixed order. */
export function reviewHash(path: string, params: ReviewParams): string {
  const query = new URLSearchParams();
  for (const key of Object.keys(KEYS) as Array<keyof ReviewParams>) {
    const value = params[key];
    if (value !== null && value !== '' && value !== DEFAULT_PARAMS[key]) query.set(KEYS[key], value);
  }
  const qs = query.toString();
  return `#/${path}${qs ? `?${qs}` : ''}`;
}

export function toFilter(params: ReviewParams): ReviewFilter {
  const { from, to } = dayRangeBounds(params.from, params.to);
  return { ...params, from, to };
}

export const hasFilters = (params: ReviewParams): boolean =>
  (Object.keys(KEYS) as Array<keyof ReviewParams>).some(
    (key) => key !== 'sort' && params[key] !== DEFAULT_PARAMS[key],
  );
