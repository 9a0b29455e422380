import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import type { Photo } from '../../../../domain/report';
import { useSession } from '../../api/use-session';
import { useLocalData, useRecentReports } from '../../data/local-data';
import { useRemotePhoto } from '../../data/remote-photos';
import { ExportMenu } from '../exports/ExportMenu';
import { formatCaptureTime, statusLabel } from '../my-reports/format';

function RemoteThumb({ photo, alt }: { photo: Photo; alt: string }) {
  const { client } = useSession();
  const { vault } = useLocalData();
  const url = useRemotePhoto(client, vault, photo.sha256, 'thumb');
  return (
    <span className="review-thumb" data-testid="review-photo" data-sha256={photo.sha256}>
      {url !== null ? <img src={url} alt={alt} width={96} height={72} decoding="async" /> : null}
    </span>
  );
}

/**
 * The region's synced reports, newest first, with their photos fetched on demand. Filters, the detail view
 * and the review actions build on this list.
 */
export function ReviewQueueScreen({
  user,
  categoryLabel,
}: {
  user: SessionUser;
  categoryLabel: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const reports = useRecentReports();
  if (reports === null) return <p role="status">{t('review.loading')}</p>;
  const others = reports.filter((r) => r.report.author !== user.name);
  if (others.length === 0) {
    return (
      <section className="placeholder" data-testid="empty-review">
        <p>{t('screens.review.empty')}</p>
        <p className="muted">{t('screens.review.detail')}</p>
      </section>
    );
  }
  return (
    <>
      <ExportMenu reportIds={others.map((r) => r.report.id)} />
      <ul className="review-list" aria-label={t('review.listLabel')}>
        {others.map(({ report, status }) => (
          <li key={report.id} className="review-item" data-testid="review-item" data-report-id={report.id}>
            <div className="review-photos">
              {report.photos.map((photo, i) => (
                <RemoteThumb key={photo.sha256} photo={photo} alt={t('review.photoAlt', { n: i + 1 })} />
              ))}
            </div>
            <div className="review-body">
              <p className="review-category">{categoryLabel(report.categoryId)}</p>
              <p className="review-description">{report.description}</p>
              <p className="muted">
                {t('review.byline', {
                  officer: report.author,
                  team: report.team ?? t('review.noTeam'),
                  time: formatCaptureTime(report.capturedAt, i18n.language),
                })}
              </p>
              {report.location === null ? (
                <p className="muted">{t('myReports.noLocation')}</p>
              ) : (
                <p className="muted">
                  {t('review.location', {
                    lat: report.location.lat.toFixed(5),
                    lng: report.location.lng.toFixed(5),
                    accuracy: Math.round(report.location.accuracyM),
                  })}
                </p>
              )}
            </div>
            <span className="status-badge" data-testid="review-status">
              {statusLabel(status, i18n.language)}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
