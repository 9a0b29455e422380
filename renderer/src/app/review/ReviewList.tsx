import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, useEffect, useImperativeHandle, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Photo } from '../../../../domain/report';
import { useSession } from '../../api/use-session';
import { useLocalData } from '../../data/local-data';
import { useRemotePhoto } from '../../data/remote-photos';
import type { ReviewRow } from '../../data/review/use-review';
import { formatCaptureTime, statusLabel } from '../my-reports/format';

/** Every row has this height (CSS `.review-row` agrees), so the virtualizer never measures. */
export const ROW_HEIGHT = 104;
const PAGE = 8;

function RemoteThumb({ photo, alt }: { photo: Photo; alt: string }) {
  const { client } = useSession();
  const { vault } = useLocalData();
  const url = useRemotePhoto(client, vault, photo.sha256, 'thumb');
  return (
    <span className="review-thumb" data-testid="review-photo" data-sha256={photo.sha256}>
      {url !== null ? <img src={url} alt={alt} width={72} height={54} decoding="async" /> : null}
    </span>
  );
}

export const optionId = (id: string): string => `review-option-${id}`;

export interface ReviewListHandle {
  focus(): void;
}

interface Props {
  items: readonly ReviewRow[];
  selected: string | null;
  onSelect(id: string): void;
  onOpen(id: string): void;
  /** Esc in the list: back to the search box. */
  onLeave(): void;
  categoryLabel(id: string): string;
}

/**
 * The matching reports as a listbox: only the rows in view (plus a few) are in the DOM, so 50 000 reports
 * cost what 20 do; their thumbnails are fetched only while they are shown. Focus stays on the listbox and
 * `aria-activedescendant` names the selected row, so screen readers follow ↑/↓ without focus hopping onto
 * rows that the virtualizer may remove.
 */
export const ReviewList = forwardRef<ReviewListHandle, Props>(function ReviewList(
  { items, selected, onSelect, onOpen, onLeave, categoryLabel },
  ref,
) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  // No React Compiler in this build (the rule warns for it): the virtualizer re-renders this list itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (i) => items[i]?.id ?? i,
  });
  const index = selected === null ? -1 : items.findIndex((r) => r.id === selected);

  useImperativeHandle(ref, () => ({ focus: () => scroller.current?.focus() }), []);

  useEffect(() => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [index, virtualizer]);

  const move = (to: number) => {
    const row = items[Math.max(0, Math.min(items.length - 1, to))];
    if (row) onSelect(row.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const handled = (() => {
      switch (event.key) {
        case 'ArrowDown':
        case 'j':
          move(index + 1);
          return true;
        case 'ArrowUp':
        case 'k':
          move(index - 1);
          return true;
        case 'PageDown':
          move(index + PAGE);
          return true;
        case 'PageUp':
          move(index - PAGE);
          return true;
        case 'Home':
          move(0);
          return true;
        case 'End':
          move(items.length - 1);
          return true;
        case 'Enter':
          if (index >= 0) onOpen(items[index]!.id);
          return true;
        case 'Escape':
          onLeave();
          return true;
        default:
          return false;
      }
    })();
    if (handled) event.preventDefault();
  };

  return (
    <div
      ref={scroller}
      className="review-scroller"
      role="listbox"
      tabIndex={0}
      aria-label={t('review.listLabel')}
      aria-activedescendant={index >= 0 ? optionId(items[index]!.id) : undefined}
      data-testid="review-list"
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (index < 0) move(0);
      }}
    >
      <div className="review-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const row = items[v.index]!;
          const { report } = row;
          const area = report.area;
          return (
            <div
              key={v.key}
              id={optionId(row.id)}
              role="option"
              aria-selected={v.index === index}
              aria-setsize={items.length}
              aria-posinset={v.index + 1}
              className="review-row review-item"
              data-testid="review-item"
              data-report-id={row.id}
              data-index={v.index}
              style={{ transform: `translateY(${v.start}px)` }}
              onClick={() => {
                onSelect(row.id);
                onOpen(row.id);
              }}
            >
              <div className="review-photos">
                {report.photos.map((photo, i) => (
                  <RemoteThumb key={photo.sha256} photo={photo} alt={t('review.photoAlt', { n: i + 1 })} />
                ))}
              </div>
              <div className="review-body">
                <p className="review-category">{categoryLabel(report.categoryId)}</p>
                <p className="review-description">{report.description}</p>
                <p className="muted review-meta">
                  {t('review.byline', {
                    officer: report.author,
                    team: report.team ?? t('review.noTeam'),
                    time: formatCaptureTime(report.capturedAt, i18n.language),
                  })}
                  {' · '}
                  {area ? `${area.kelurahan.name}, ${area.kecamatan.name}` : t('review.noArea')}
                  {report.placeNote ? ` · ${report.placeNote}` : ''}
                </p>
              </div>
              <span className={`status-badge status-${row.status}`} data-testid="review-status">
                {statusLabel(row.status, i18n.language)}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
});
