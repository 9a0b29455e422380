import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/use-session';
import { useSyncStatus } from '../data/sync/sync-provider';
import { formatBytes, formatCaptureTime } from './my-reports/format';
import { syncPhaseKey } from './sync-bar-text';
import './sync-bar.css';

/**
 * Under the header: whether sending works, what is still on this device only, progress while photos go up,
 * when the server last confirmed everything, and what to do when it fails or the session has ended.
 */
export function SyncBar() {
  const { t, i18n } = useTranslation();
  const sync = useSyncStatus();
  const { logout } = useSession();
  const [leaving, setLeaving] = useState(false);
  const { phase, pendingReports, pendingPhotos, pendingBytes, progress, lastConfirmedAt } = sync;

  const reports = t('sync.reports', { count: pendingReports });
  const pending =
    pendingReports === 0
      ? t('sync.allSent')
      : pendingPhotos === 0
        ? t('sync.pendingReports', { reports })
        : t('sync.pendingWithPhotos', {
            reports,
            photos: t('sync.photos', { count: pendingPhotos }),
            size: formatBytes(pendingBytes, i18n.language),
          });

  return (
    <section
      className={`sync-bar sync-bar-${phase}`}
      role="status"
      aria-label={t('sync.label')}
      data-testid="sync-bar"
      data-phase={phase}
    >
      <span className="sync-bar-phase" data-testid="sync-phase">
        {t(syncPhaseKey(phase, pendingReports))}
      </span>
      <span className="sync-bar-pending" data-testid="sync-pending" data-count={pendingReports}>
        {pending}
      </span>
      {progress !== null && progress.total > 0 ? (
        <span className="sync-bar-progress">
          <progress
            max={progress.total}
            value={progress.done}
            aria-label={t('sync.progress', { done: progress.done, total: progress.total })}
          />
          <span>{t('sync.progress', { done: progress.done, total: progress.total })}</span>
        </span>
      ) : null}
      <span className="sync-bar-last" data-testid="sync-last">
        {lastConfirmedAt === null
          ? t('sync.never')
          : t('sync.lastConfirmed', { time: formatCaptureTime(lastConfirmedAt, i18n.language) })}
      </span>
      {phase === 'error' && sync.error !== null ? (
        <span className="sync-bar-error" data-testid="sync-error">
          {t('sync.error', { reason: t(sync.error) })}
        </span>
      ) : null}
      {phase === 'error' || phase === 'offline' ? (
        <button type="button" className="button button-small button-secondary" onClick={sync.retry}>
          {t('sync.retry')}
        </button>
      ) : null}
      {phase === 'auth-required' ? (
        <span className="sync-bar-auth">
          <span className="visually-hidden">{t('sync.signInAgainHint')}</span>
          <button
            type="button"
            className="button button-small button-primary"
            disabled={leaving}
            title={t('sync.signInAgainHint')}
            onClick={() => {
              // Back to the login screen; this user's local database stays as it is and syncs after sign-in.
              setLeaving(true);
              void logout().finally(() => setLeaving(false));
            }}
          >
            {t('sync.signInAgain')}
          </button>
        </span>
      ) : null}
    </section>
  );
}
