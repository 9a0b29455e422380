import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import type { Category } from '../../../../domain/categories';
import { useMyReports } from '../../data/local-data';
import { ReportItem } from '../my-reports/ReportItem';
import '../my-reports/my-reports.css';

const sameId = (id: string): string => id;
const noCategories: readonly Category[] = [];

/**
 * Arrow keys, Page Up/Down, Home and End move between reports (the ARIA feed pattern); Tab leaves the list.
 * Rows are rendered in full but laid out lazily (`content-visibility: auto`), which keeps a few hundred
 * reports smooth without a windowing library — and a windowed list could not use inline positioning styles
 * under the app's CSP anyway.
 */
function moveFocus(event: KeyboardEvent<HTMLElement>): void {
  const items = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[data-testid="report-item"]'));
  const current = items.indexOf(document.activeElement as HTMLElement);
  const last = items.length - 1;
  const target: Record<string, number> = {
    ArrowDown: Math.min(current + 1, last),
    PageDown: Math.min(current + 1, last),
    ArrowUp: Math.max(current - 1, 0),
    PageUp: Math.max(current - 1, 0),
    Home: 0,
    End: last,
  };
  const next = target[event.key];
  if (next === undefined || current === -1 || last < 0) return;
  event.preventDefault();
  items[next]?.focus();
}

/** "Laporan saya": this officer's reports on this device, newest first, with sync and follow-up state. */
export function MyReportsScreen({
  user,
  categoryLabel = sameId,
  categories = noCategories,
}: {
  user: Pick<SessionUser, 'name'>;
  /** Category id → label in the UI language (the capture work caches the server's categories). */
  categoryLabel?: (id: string) => string;
  /** The cached categories, offered when the officer corrects a rejected report. */
  categories?: readonly Category[];
}) {
  const { t } = useTranslation();
  const reports = useMyReports(user.name);

  if (reports === null) {
    return (
      <p className="muted" role="status">
        {t('myReports.loading')}
      </p>
    );
  }
  if (reports.length === 0) {
    return (
      <section className="empty-state" data-testid="empty-myReports">
        <p className="empty-title">{t('myReports.empty')}</p>
        <p className="empty-detail">{t('myReports.emptyDetail')}</p>
      </section>
    );
  }
  const unsent = reports.filter((r) => r.sync !== 'confirmed').length;
  return (
    <section className="my-reports">
      <p className="my-reports-summary" data-testid="my-reports-summary">
        {t('myReports.summary', { total: reports.length, unsent })}
      </p>
      <div className="report-list" role="feed" aria-label={t('myReports.listLabel')} onKeyDown={moveFocus}>
        {reports.map((item, i) => (
          <ReportItem
            key={item.report.id}
            item={item}
            categoryLabel={categoryLabel}
            position={i + 1}
            total={reports.length}
            categories={categories}
          />
        ))}
      </div>
    </section>
  );
}
