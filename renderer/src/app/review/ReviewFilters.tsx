import { forwardRef, useId, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUSES, type Status } from '../../../../domain/status';
import { NONE, type FacetCounts, type FilterOptions } from '../../data/review/use-review';
import { statusLabel } from '../my-reports/format';
import type { ReviewParams } from './review-params';
import { REVIEW_SORTS } from '../../data/review/use-review';

interface Props {
  params: ReviewParams;
  options: FilterOptions;
  facets: FacetCounts;
  onChange(next: ReviewParams): void;
  /** ↓ or Esc on an empty search box: into the list. */
  onEnterList(): void;
  categoryLabel(id: string): string;
}

type SelectKey = 'status' | 'category' | 'team' | 'officer' | 'area';

/**
 * The filter bar: one native select per facet (keyboard and screen-reader friendly as they come), each value
 * with its count under the other filters; the day range; the search box; the sort.
 */
export const ReviewFilters = forwardRef<HTMLInputElement, Props>(function ReviewFilters(
  { params, options, facets, onChange, onEnterList, categoryLabel },
  searchRef,
) {
  const { t, i18n } = useTranslation();
  // Labels point at their controls (not wrapped around them), so a select's name is its label alone.
  const uid = useId();
  const idOf = (key: string) => `${uid}-${key}`;
  const number = new Intl.NumberFormat(i18n.language);
  const withCount = (label: string, n: number | undefined) => `${label} (${number.format(n ?? 0)})`;
  const set = <K extends keyof ReviewParams>(key: K, value: ReviewParams[K]) =>
    onChange({ ...params, [key]: value });

  const select = (key: SelectKey, label: string, values: Array<{ value: string; label: string }>) => (
    <div className="review-filter">
      <label htmlFor={idOf(key)}>{label}</label>
      <select
        id={idOf(key)}
        value={params[key] ?? ''}
        data-testid={`review-filter-${key}`}
        onChange={(e) => set(key, (e.target.value === '' ? null : e.target.value) as ReviewParams[SelectKey])}
      >
        <option value="">{t('review.filters.all')}</option>
        {values.map((v) => (
          <option key={v.value} value={v.value}>
            {withCount(v.label, facets[key].get(v.value))}
          </option>
        ))}
      </select>
    </div>
  );

  const areaLabel = (level: 'kota' | 'kecamatan' | 'kelurahan', name: string) =>
    level === 'kota'
      ? name
      : level === 'kecamatan'
        ? `\u00a0\u00a0${t('review.filters.kecamatan', { name })}`
        : `\u00a0\u00a0\u00a0\u00a0${t('review.filters.kelurahan', { name })}`;

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      onEnterList();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      // Esc clears the search first; a second Esc leaves the box for the list.
      if (params.q !== '') set('q', '');
      else onEnterList();
    }
  };

  return (
    <div className="review-filters" role="search" aria-label={t('review.filters.label')}>
      <div className="review-filter review-search">
        <label htmlFor={idOf('q')}>{t('review.filters.search')}</label>
        <input
          autoComplete="off"
          id={idOf('q')}
          ref={searchRef}
          type="search"
          value={params.q}
          placeholder={t('review.filters.searchPlaceholder')}
          data-testid="review-search"
          maxLength={200}
          onChange={(e) => set('q', e.target.value)}
          onKeyDown={onSearchKey}
        />
      </div>
      {select(
        'status',
        t('review.filters.status'),
        STATUSES.map((s: Status) => ({ value: s, label: statusLabel(s, i18n.language) })),
      )}
      {select(
        'category',
        t('review.filters.category'),
        options.categories.map((c) => ({ value: c, label: categoryLabel(c) })),
      )}
      {select(
        'team',
        t('review.filters.team'),
        options.teams.map((team) => ({ value: team, label: team === NONE ? t('review.noTeam') : team })),
      )}
      {select(
        'officer',
        t('review.filters.officer'),
        options.officers.map((o) => ({ value: o, label: o })),
      )}
      {select('area', t('review.filters.area'), [
        ...options.areas.map((a) => ({ value: a.code, label: areaLabel(a.level, a.name) })),
        ...(options.anyWithoutArea || params.area === NONE
          ? [{ value: NONE, label: t('review.noArea') }]
          : []),
      ])}
      <div className="review-filter">
        <label htmlFor={idOf('from')}>{t('review.filters.from')}</label>
        <input
          id={idOf('from')}
          type="date"
          value={params.from ?? ''}
          max={params.to ?? undefined}
          data-testid="review-filter-from"
          onChange={(e) => set('from', e.target.value === '' ? null : e.target.value)}
        />
      </div>
      <div className="review-filter">
        <label htmlFor={idOf('to')}>{t('review.filters.to')}</label>
        <input
          id={idOf('to')}
          type="date"
          value={params.to ?? ''}
          min={params.from ?? undefined}
          data-testid="review-filter-to"
          onChange={(e) => set('to', e.target.value === '' ? null : e.target.value)}
        />
      </div>
      <div className="review-filter">
        <label htmlFor={idOf('sort')}>{t('review.filters.sort')}</label>
        <select
          id={idOf('sort')}
          value={params.sort}
          data-testid="review-sort"
          onChange={(e) => set('sort', REVIEW_SORTS.find((s) => s === e.target.value) ?? 'newest')}
        >
          {REVIEW_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`review.sort.${s}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
});
