import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportMenu } from '../exports/ExportMenu';
import { useReviewResult, useReviewSnapshot } from '../../data/review/use-review';
import { caseHref, ROUTES } from '../routes';
import { DEFAULT_PARAMS, hasFilters, toFilter } from './review-params';
import { ReviewFilters } from './ReviewFilters';
import { ReviewList, type ReviewListHandle } from './ReviewList';
import { ReviewMap } from './ReviewMap';
import { useReviewParams } from './use-review-params';
import './review-queue.css';

/** Where a report opens: the case detail route (`#/kasus/<id>`). */

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));

/**
 * The supervisor's review queue: the region's reports on this device, filtered, searched and sorted in
 * memory (the data layer's review index), with counts per filter value, in a virtualised list. Keyboard
 * first: `/` search, ↑/↓ or j/k move, Enter opens, Esc leaves the list or clears the search.
 */
export function ReviewQueueScreen({ categoryLabel }: { categoryLabel: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const snapshot = useReviewSnapshot();
  const [params, setParams] = useReviewParams(ROUTES.review.path);
  // Typing stays responsive at 50 000 reports: the list follows the box a frame later if it has to.
  const deferred = useDeferredValue(params);
  const filter = useMemo(() => toFilter(deferred), [deferred]);
  const options = useMemo(() => snapshot?.options() ?? null, [snapshot]);
  // Category labels arrive with the reference data; the key says when the category order must be redone.
  const labelKey = `${i18n.language}:${(options?.categories ?? []).map(categoryLabel).join('|')}`;
  const result = useReviewResult(snapshot, filter, categoryLabel, labelKey);
  const [selected, setSelected] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<ReviewListHandle>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
        event.preventDefault();
        search.current?.focus();
        search.current?.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  if (snapshot === null || result === null || options === null) {
    return (
      <p role="status" data-testid="review-loading">
        {t('review.loading')}
      </p>
    );
  }
  if (snapshot.size === 0) {
    return (
      <section className="placeholder" data-testid="empty-review">
        <p>{t('screens.review.empty')}</p>
        <p className="muted">{t('screens.review.detail')}</p>
      </section>
    );
  }

  const number = new Intl.NumberFormat(i18n.language);
  const open = (id: string) => {
    window.location.hash = caseHref(id);
  };
  return (
    <section className="review-queue" aria-describedby="review-shortcuts">
      <ReviewFilters
        ref={search}
        params={params}
        options={options}
        facets={result.facets}
        onChange={setParams}
        onEnterList={() => list.current?.focus()}
        categoryLabel={categoryLabel}
      />
      <div className="review-summary">
        <p
          role="status"
          data-testid="review-count"
          data-count={result.items.length}
          data-total={snapshot.size}
        >
          {t('review.count', {
            shown: number.format(result.items.length),
            total: number.format(snapshot.size),
          })}
        </p>
        {hasFilters(params) ? (
          <button
            type="button"
            className="button-link"
            onClick={() => setParams({ ...DEFAULT_PARAMS, sort: params.sort })}
          >
            {t('review.filters.clear')}
          </button>
        ) : null}
        {/* Exports take what the filters show, in the list's order. */}
        <ExportMenu reportIds={result.items.map((row) => row.id)} />
        <p id="review-shortcuts" className="muted review-shortcuts" data-testid="review-shortcuts">
          <kbd>/</kbd> {t('review.keys.search')} · <kbd>↑</kbd>
          <kbd>↓</kbd> {t('review.keys.or')} <kbd>j</kbd>
          <kbd>k</kbd> {t('review.keys.move')} · <kbd>Enter</kbd> {t('review.keys.open')} · <kbd>Esc</kbd>{' '}
          {t('review.keys.leave')}
        </p>
      </div>
      {/* The list first (the supervisor's work), the map beside it on a wide screen and under it otherwise. */}
      <div className="review-panes">
        {result.items.length === 0 ? (
          <p className="placeholder" data-testid="review-no-match">
            {t('review.noMatch')}
          </p>
        ) : (
          <ReviewList
            ref={list}
            items={result.items}
            selected={selected}
            onSelect={setSelected}
            onOpen={open}
            onLeave={() => search.current?.focus()}
            categoryLabel={categoryLabel}
          />
        )}
        <ReviewMap
          items={result.items}
          frameKey={JSON.stringify(filter)}
          selected={selected}
          onSelect={setSelected}
          onOpen={open}
        />
      </div>
    </section>
  );
}
