import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PARAMS,
  hasFilters,
  parseReviewParams,
  reviewHash,
  toFilter,
  type ReviewParams,
} from './review-params';

describe('review filters in the URL hash', () => {
  const full: ReviewParams = {
    status: 'disposisi',
    category: 'pkl-trotoar',
    team: 'regu-1',
    officer: 'ani',
    area: '31.71.01',
    from: '2026-11-01',
    to: '2026-11-30',
    q: 'trotoar pasar & "baru"',
    sort: 'oldest',
  };

  it('round-trips every filter', () => {
    const hash = reviewHash('tinjauan', full);
    expect(hash.startsWith('#/tinjauan?')).toBe(true);
    expect(parseReviewParams(hash)).toEqual(full);
  });

  it('leaves defaults out of the URL', () => {
    expect(reviewHash('tinjauan', DEFAULT_PARAMS)).toBe('#/tinjauan');
    expect(reviewHash('tinjauan', { ...DEFAULT_PARAMS, status: 'menunggu' })).toBe(
      '#/tinjauan?status=menunggu',
    );
    expect(parseReviewParams('#/tinjauan')).toEqual(DEFAULT_PARAMS);
  });

  it.each([
    ['status=dibuang', {}],
    ['urut=random', {}],
    ['dari=2026-02-30&sampai=kemarin', {}],
    ['kategori=%3Cscript%3E&petugas=a%20b&wilayah=' + 'x'.repeat(65), {}],
    ['regu=-&wilayah=-', { team: '-', area: '-' }],
    ['cari=' + 'a'.repeat(500), { q: 'a'.repeat(200) }],
  ])('drops or bounds hostile values: %s', (qs, expected) => {
    expect(parseReviewParams(`#/tinjauan?${qs}`)).toEqual({ ...DEFAULT_PARAMS, ...expected });
  });

  it('turns the day range into ISO bounds for the query', () => {
    const f = toFilter({ ...DEFAULT_PARAMS, from: '2026-11-01', to: '2026-11-01' });
    expect(f.from).toBe(new Date(2026, 10, 1).toISOString());
    expect(f.to).toBe(new Date(2026, 10, 2).toISOString());
  });

  it('knows whether anything is filtered (the sort is not a filter)', () => {
    expect(hasFilters(DEFAULT_PARAMS)).toBe(false);
    expect(hasFilters({ ...DEFAULT_PARAMS, sort: 'status' })).toBe(false);
    expect(hasFilters({ ...DEFAULT_PARAMS, q: 'x' })).toBe(true);
  });
});
