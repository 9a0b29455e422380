import { memo, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RefusalNote } from '../RefusalNote';
import type { Category } from '../../../../domain/categories';
import type { LocalReport } from '../../data/contracts';
import { usePhotoThumbnail } from '../../data/local-data';
import { caseHref } from '../routes';
import { CorrectReportForm } from './CorrectReportForm';
import { formatCaptureTime, statusLabel } from './format';

/** True once the element has come near the viewport: thumbnails of a long list load as they scroll in. */
function useNearViewport<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const element = ref.current;
    if (near || element === null) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  return [ref, near];
}

function Thumbnail({ sha256, alt }: { sha256: string | null; alt: string }) {
  const { t } = useTranslation();
  const [ref, near] = useNearViewport<HTMLDivElement>();
  const url = usePhotoThumbnail(near ? sha256 : null);
  return (
    <div className="report-thumb" ref={ref}>
      {url !== null ? (
        <img src={url} alt={alt} width={96} height={72} decoding="async" />
      ) : (
        <span className="report-thumb-missing">{near && sha256 === null ? t('myReports.noPhoto') : ''}</span>
      )}
    </div>
  );
}

export const ReportItem = memo(function ReportItem({
  item,
  categoryLabel,
  position,
  total,
  categories = [],
}: {
  item: LocalReport;
  categoryLabel: (id: string) => string;
  position: number;
  total: number;
  /** The server's categories (cached), for correcting a rejected report. */
  categories?: readonly Category[];
}) {
  const { t, i18n } = useTranslation();
  const [correcting, setCorrecting] = useState(false);
  const { report } = item;
  const category = categoryLabel(report.categoryId);
  const titleId = `report-${report.id}-title`;
  return (
    <article
      className="report-item"
      data-testid="report-item"
      data-report-id={report.id}
      tabIndex={0}
      aria-labelledby={titleId}
      aria-posinset={position}
      aria-setsize={total}
    >
      <Thumbnail sha256={report.photos[0]?.sha256 ?? null} alt={t('myReports.photoAlt', { category })} />
      <div className="report-body">
        <h2 className="report-title" id={titleId}>
          {category}
        </h2>
        <p className="report-meta">
          <time dateTime={report.capturedAt}>
            {t('myReports.capturedAt', { time: formatCaptureTime(report.capturedAt, i18n.language) })}
          </time>
          <span>{t('myReports.photoCount', { n: report.photos.length })}</span>
          {report.area ? (
            <span className="report-area" data-testid="report-area">
              {t('myReports.area', { name: report.area.kelurahan.name })}
            </span>
          ) : null}
          {report.location === null ? (
            <span className="report-no-location" data-testid="no-location">
              {t('myReports.noLocation')}
            </span>
          ) : null}
        </p>
        <p className="report-description">{report.description}</p>
        <a className="report-open" href={caseHref(report.id)} data-testid="open-case">
          {t('case.open')}
        </a>
      </div>
      <dl className="report-states">
        <div>
          <dt>{t('myReports.syncLabel')}</dt>
          <dd>
            <span className={`badge sync-${item.sync}`} data-testid="sync-state" data-state={item.sync}>
              {t(`syncState.${item.sync}`)}
            </span>
            {item.sync === 'rejected' && item.rejectionReason ? (
              <RefusalNote
                reason={item.rejectionReason}
                className="report-rejection"
                template="myReports.rejectionReason"
              />
            ) : null}
            {item.sync === 'rejected' && !correcting ? (
              <button
                type="button"
                className="button button-small button-secondary"
                data-testid="correct-report"
                onClick={() => setCorrecting(true)}
              >
                {t('sync.correct.open')}
              </button>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('myReports.statusLabel')}</dt>
          <dd>
            <span
              className={`badge status-${item.status}`}
              data-testid="follow-up-status"
              data-status={item.status}
            >
              {statusLabel(item.status, i18n.language)}
            </span>
          </dd>
        </div>
        {item.followUp?.unit ? (
          <div>
            <dt>{t('case.unit')}</dt>
            <dd data-testid="follow-up-unit">{item.followUp.unit}</dd>
          </div>
        ) : null}
        {item.followUp && (item.followUp.assignedOfficer || item.followUp.assignedTeam) ? (
          <div>
            <dt>{t('case.assigned')}</dt>
            <dd data-testid="follow-up-assigned">
              {[item.followUp.assignedOfficer, item.followUp.assignedTeam].filter(Boolean).join(' · ')}
            </dd>
          </div>
        ) : null}
        {item.followUp && item.followUp.comments > 0 ? (
          <div>
            <dt>{t('myReports.comments')}</dt>
            <dd data-testid="follow-up-comments">{item.followUp.comments}</dd>
          </div>
        ) : null}
      </dl>
      {correcting && item.sync === 'rejected' ? (
        <CorrectReportForm report={report} categories={categories} onDone={() => setCorrecting(false)} />
      ) : null}
    </article>
  );
});
