import { useEffect, useState, useSyncExternalStore } from 'react';
import { take } from 'rxjs';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import { availableActions } from '../../../../domain/case-actions';
import type { ReferenceData } from '../../api/reference-data';
import { useSession } from '../../api/use-session';
import { loadCase } from '../../data/follow-up/case-cache';
import { useDataKey } from '../../data/keys/data-key-context';
import { useCase, useLocalData, type FetchedCaseData } from '../../data/local-data';
import { formatCaptureTime, statusLabel } from '../my-reports/format';
import { caseHref, caseIdFromHash, hrefFor, routesFor } from '../routes';
import { ExportCasePdfButton } from '../exports/ExportMenu';
import { ActionPanel } from './ActionPanel';
import { BundleButton } from './BundleButton';
import { CaseMap } from './CaseMap';
import { DuplicatesPanel } from './DuplicatesPanel';
import { PhotoGallery } from './PhotoGallery';
import { Timeline } from './Timeline';
import './case.css';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/**
 * `#/kasus/<reportId>`: one report under follow-up, for every role. Reviewers act on it; its author (an
 * officer) follows it and comments. Everything is read from the device and updates live as events sync.
 */
export function CaseScreen({
  user,
  categoryLabel,
  reference,
}: {
  user: SessionUser;
  categoryLabel: (id: string) => string;
  reference: ReferenceData;
}) {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const id = caseIdFromHash(hash);
  return id === null ? null : (
    <CaseView key={id} id={id} user={user} categoryLabel={categoryLabel} reference={reference} />
  );
}

/**
 * A report this device does not hold — an officer's task from another team — is read whole from the server
 * (`GET /api/cases/:id`, cached for offline); events that sync brings later join it live. Asked only when the
 * report is not on the device.
 */
function useFetchedCase(id: string, user: string): { data: FetchedCaseData | null; pending: boolean } {
  const { client } = useSession();
  const dataKey = useDataKey();
  const { cases } = useLocalData();
  const [state, setState] = useState<{ id: string; data: FetchedCaseData | null; done: boolean } | null>(
    null,
  );
  useEffect(() => {
    if (client === null) return undefined;
    let active = true;
    const subscription = cases
      .observeCase(id)
      .pipe(take(1))
      .subscribe((local) => {
        if (!active) return;
        if (local !== null) {
          setState({ id, data: null, done: true });
          return;
        }
        void loadCase(client, user, id, dataKey).then((found) => {
          if (active) setState({ id, data: 'report' in found ? found : null, done: true });
        });
      });
    return () => {
      active = false;
      subscription.unsubscribe();
    };
  }, [client, cases, id, user, dataKey]);
  const current = state?.id === id ? state : null;
  return { data: current?.data ?? null, pending: current === null || !current.done };
}

function CaseView({
  id,
  user,
  categoryLabel,
  reference,
}: {
  id: string;
  user: SessionUser;
  categoryLabel: (id: string) => string;
  reference: ReferenceData;
}) {
  const { t, i18n } = useTranslation();
  const fetched = useFetchedCase(id, user.name);
  const view = useCase(id, fetched.data);
  const start = routesFor(user.role)[0];
  const back = start ? (
    <a className="case-back" href={hrefFor(start)}>
      ← {t('case.back')}
    </a>
  ) : null;

  if (view === undefined || (view === null && fetched.pending)) {
    return (
      <p className="muted" role="status">
        {t('case.loading')}
      </p>
    );
  }
  if (view === null) {
    return (
      <section className="empty-state" data-testid="case-not-found">
        {back}
        <p className="empty-title">{t('case.notFound')}</p>
        <p className="empty-detail">{t('case.notFoundDetail')}</p>
      </section>
    );
  }

  const { report, state } = view;
  const time = (iso: string) => formatCaptureTime(iso, i18n.language);
  const canLink = availableActions(user, report, { ...state, duplicateOf: null }).some(
    (a) => a.kind === 'link-duplicate',
  );
  const assigned = [state.assignedOfficer, state.assignedTeam]
    .filter((x): x is string => x !== null)
    .join(' · ');
  const loc = report.location;
  return (
    <article className="case" data-testid="case" data-report-id={report.id} data-status={state.status}>
      <header className="case-header">
        {back}
        <div className="case-title-row">
          <h2 className="case-title">{categoryLabel(report.categoryId)}</h2>
          <span
            className={`badge status-${state.status}`}
            data-testid="case-status"
            data-status={state.status}
          >
            {statusLabel(state.status, i18n.language)}
          </span>
          <div className="case-header-actions" role="group" aria-label={t('case.headerActions')}>
            {/* The case file prints from this device's copy; a case read from the server has none. */}
            {fetched.data === null ? <ExportCasePdfButton reportIds={[report.id]} /> : null}
            {view.reportSync === 'confirmed' ? <BundleButton reportId={report.id} /> : null}
          </div>
        </div>
        <dl className="case-facts">
          <div>
            <dt>{t('case.author')}</dt>
            <dd data-testid="case-author">{report.author}</dd>
          </div>
          <div>
            <dt>{t('case.team')}</dt>
            <dd>{report.team ?? t('case.noTeam')}</dd>
          </div>
          <div>
            <dt>{t('case.capturedAt')}</dt>
            <dd>
              <time dateTime={report.capturedAt}>{time(report.capturedAt)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('evidence.signature')}</dt>
            <dd data-testid="case-signature" data-signed={report.signature ? 'yes' : 'no'}>
              {report.signature
                ? t('evidence.signedBy', { device: report.deviceId })
                : t('evidence.unsigned')}
            </dd>
          </div>
          <div>
            <dt>{t('case.reportSync')}</dt>
            <dd>
              <span
                className={`badge sync-${view.reportSync}`}
                data-testid="case-sync"
                data-state={view.reportSync}
              >
                {t(`syncState.${view.reportSync}`)}
              </span>
            </dd>
          </div>
          {report.area ? (
            <div>
              <dt>{t('case.area')}</dt>
              <dd>
                {report.area.kelurahan.name}, {report.area.kecamatan.name}, {report.area.kota.name}
              </dd>
            </div>
          ) : null}
          {state.unit !== null ? (
            <div>
              <dt>{t('case.unit')}</dt>
              <dd data-testid="case-unit">{state.unit}</dd>
            </div>
          ) : null}
          {assigned ? (
            <div>
              <dt>{t('case.assigned')}</dt>
              <dd data-testid="case-assigned">{assigned}</dd>
            </div>
          ) : null}
          {state.verified ? (
            <div>
              <dt>{t('case.verified')}</dt>
              <dd>✓</dd>
            </div>
          ) : null}
          {state.rejectionReason !== null ? (
            <div>
              <dt>{t('case.rejectionReason')}</dt>
              <dd>{state.rejectionReason}</dd>
            </div>
          ) : null}
          {state.duplicateOf !== null ? (
            <div>
              <dt>{t('case.duplicateOf')}</dt>
              <dd>
                <a href={caseHref(state.duplicateOf)} data-testid="case-duplicate-of">
                  {state.duplicateOf}
                </a>
              </dd>
            </div>
          ) : null}
        </dl>
        <p className="case-description">{report.description}</p>
        {report.placeNote ? <p className="muted">{report.placeNote}</p> : null}
      </header>

      <div className="case-columns">
        <div className="case-column">
          <PhotoGallery photos={report.photos} />
          <section className="panel case-location" aria-labelledby="case-location-title">
            <h2 id="case-location-title">{t('case.location.title')}</h2>
            {loc === null ? (
              <>
                <p data-testid="case-no-location">{t('case.location.none')}</p>
                <p className="muted">{t('case.location.noneDetail')}</p>
              </>
            ) : (
              <>
                <p data-testid="case-location">
                  {t('case.location.coords', { lat: loc.lat.toFixed(6), lng: loc.lng.toFixed(6) })} ·{' '}
                  {t('case.location.accuracy', { meters: Math.round(loc.accuracyM) })} ·{' '}
                  {t('case.location.source', { source: t(`case.location.sources.${loc.source}`) })}
                </p>
                <p className="muted">{t('case.location.fixedAt', { time: time(loc.fixedAt) })}</p>
                {report.deviceFix ? (
                  <p data-testid="case-device-fix">
                    {t('case.location.deviceFix', {
                      source: t(`case.location.sources.${report.deviceFix.source}`),
                      lat: report.deviceFix.lat.toFixed(6),
                      lng: report.deviceFix.lng.toFixed(6),
                      meters: Math.round(report.deviceFix.accuracyM),
                    })}
                  </p>
                ) : null}
                <CaseMap
                  location={loc}
                  deviceFix={report.deviceFix}
                  tileUrl={reference.settings.tileUrl ?? null}
                  attribution={reference.settings.tileAttribution ?? null}
                />
              </>
            )}
          </section>
        </div>
        <div className="case-column">
          <ActionPanel user={user} view={view} settings={reference.settings} />
          {canLink ? <DuplicatesPanel user={user} view={view} /> : null}
          <Timeline events={view.events} me={user.name} />
        </div>
      </div>
    </article>
  );
}
