import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Photo } from '../../../../domain/report';
import type { ReportEvent } from '../../../../domain/report-events';
import type { TFunction } from 'i18next';
import { useSession } from '../../api/use-session';
import { useLocalData } from '../../data/local-data';
import { usePrintPhoto } from '../../data/print-photos';
import type { CaseRecord, TimelineEntry } from '../../exports/case-record';
import { formatWib } from '../../exports/wib-time';
import { statusLabel } from '../my-reports/format';

type Translate = TFunction;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function eventText(t: Translate, e: ReportEvent, language: string): string {
  const none = t('print.none');
  switch (e.kind) {
    case 'submitted':
      return t('print.events.submitted');
    case 'verified':
      return t('print.events.verified');
    case 'rejected':
      return t('print.events.rejected', { reason: e.reason });
    case 'disposed':
      return t('print.events.disposed', { unit: e.unit });
    case 'status-changed':
      return t('print.events.status-changed', {
        from: statusLabel(e.from, language),
        to: statusLabel(e.to, language),
      });
    case 'assigned':
      return t('print.events.assigned', { team: e.assignedTeam ?? none, officer: e.assignedOfficer ?? none });
    case 'commented':
      return t('print.events.commented', { text: e.text });
    case 'photo-received':
      return t('print.events.photo-received', { sha256: e.sha256 });
    case 'linked-duplicate':
      return t('print.events.linked-duplicate', { id: e.duplicateOf });
  }
}

const noteOf = (e: ReportEvent): string | null =>
  (e.kind === 'verified' || e.kind === 'disposed' || e.kind === 'status-changed') && e.note ? e.note : null;

function TimelineRow({ entry }: { entry: TimelineEntry }) {
  const { t, i18n } = useTranslation();
  const { event, transition, changesStatus } = entry;
  const note = noteOf(event);
  return (
    <tr data-testid="case-event" data-kind={event.kind}>
      <td className="case-nowrap">{formatWib(event.at)}</td>
      <td>
        {event.actor}
        <br />
        <span className="case-muted">{t(`roles.${event.actorRole}`)}</span>
      </td>
      <td>
        {eventText(t, event, i18n.language)}
        {note !== null ? (
          <>
            <br />
            <span className="case-muted">{t('print.note', { note })}</span>
          </>
        ) : null}
        {event.kind === 'status-changed' && event.photos
          ? event.photos.map((photo, i) => (
              <span key={photo.sha256} className="case-muted" data-testid="case-event-photo">
                <br />
                {t('print.afterPhoto', { n: i + 1 })} {t('print.sha256')}:{' '}
                <code className="case-hash">{photo.sha256}</code>
              </span>
            ))
          : null}
      </td>
      <td>
        {transition !== null
          ? `${statusLabel(transition.from, i18n.language)} → ${statusLabel(transition.to, i18n.language)}`
          : changesStatus
            ? t('print.notApplied')
            : ''}
      </td>
    </tr>
  );
}

function PhotoFigure({
  photo,
  n,
  total,
  reportId,
  onSettled,
}: {
  photo: Photo;
  n: number;
  total: number;
  reportId: string;
  onSettled: (key: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { client } = useSession();
  const { vault } = useLocalData();
  const loaded = usePrintPhoto(client, vault, photo.sha256);
  const key = `${reportId}/${photo.sha256}`;
  useEffect(() => {
    if (loaded.state === 'missing') onSettled(key);
  }, [loaded.state, key, onSettled]);
  return (
    <figure
      className="case-photo"
      data-testid="case-photo"
      data-sha256={photo.sha256}
      data-state={loaded.state}
    >
      {loaded.state === 'loaded' ? (
        <img
          src={loaded.url}
          alt={t('print.photoAlt', { n, id: reportId })}
          onLoad={() => onSettled(key)}
          onError={() => onSettled(key)}
        />
      ) : loaded.state === 'missing' ? (
        <p className="case-photo-missing" role="note">
          {t('print.photoMissing')}
        </p>
      ) : (
        <p className="case-photo-missing">{t('print.loading')}</p>
      )}
      <figcaption>
        <span className="case-line">
          <strong>{t('print.photoCaption', { n, total })}</strong>
          <span className="case-muted">
            {' · '}
            {t('print.photoSize', {
              width: photo.width,
              height: photo.height,
              bytes: new Intl.NumberFormat(i18n.language).format(photo.bytes),
            })}
          </span>
        </span>
        <span className="case-line">
          {t('print.sha256')}: <code className="case-hash">{photo.sha256}</code>
        </span>
        {loaded.state === 'loaded' ? (
          <span
            className={`case-line ${loaded.hashMatches ? 'case-hash-ok' : 'case-hash-bad'}`}
            data-testid="hash-check"
          >
            {loaded.hashMatches ? t('print.hashOk') : t('print.hashMismatch')}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}

/** One report's case file: what was seen, where, by whom, its photos with their hashes, and its history. */
export function CaseReport({
  record,
  categoryLabel,
  onPhotoSettled,
  footer,
}: {
  record: CaseRecord;
  categoryLabel: (id: string) => string;
  onPhotoSettled: (key: string) => void;
  /** Who printed it, when, from which version. */
  footer: string;
}) {
  const { t, i18n } = useTranslation();
  const { report, state, closedAt, timeline } = record;
  const none = t('print.none');
  const loc = report.location;
  const area = report.area;
  return (
    <article className="case-report" data-testid="case-report" data-report-id={report.id}>
      <header className="case-header">
        <p className="case-agency">{t('print.agency')}</p>
        <h2 className="case-title">{t('print.title', { id: report.id })}</h2>
        <p className="case-muted">{t('print.subtitle')}</p>
        <dl className="case-summary">
          <Fact label={t('print.category')}>{categoryLabel(report.categoryId)}</Fact>
          <Fact label={t('print.status')}>{statusLabel(state.status, i18n.language)}</Fact>
        </dl>
      </header>

      <section className="case-section">
        <h3>{t('print.facts')}</h3>
        <dl className="case-facts">
          <Fact label={t('print.capturedAt')}>
            {formatWib(report.capturedAt)} <span className="case-muted">({report.capturedAt})</span>
          </Fact>
          <Fact label={t('print.createdAt')}>{formatWib(report.createdAt)}</Fact>
          {loc === null ? (
            <Fact label={t('print.location')}>{t('print.noLocation')}</Fact>
          ) : (
            <>
              <Fact label={t('print.location')}>
                {t('print.locationValue', { lat: loc.lat.toFixed(6), lng: loc.lng.toFixed(6) })}
              </Fact>
              <Fact label={t('print.accuracy')}>
                {t('print.accuracyValue', { meters: Math.round(loc.accuracyM) })}
              </Fact>
              <Fact label={t('print.source')}>{t(`case.location.sources.${loc.source}`)}</Fact>
              <Fact label={t('print.fixedAt')}>{formatWib(loc.fixedAt)}</Fact>
            </>
          )}
          <Fact label={t('print.officer')}>{report.author}</Fact>
          <Fact label={t('print.team')}>{report.team ?? none}</Fact>
          <Fact label={t('print.region')}>{report.region ?? none}</Fact>
          <Fact label={t('print.area')}>
            {area
              ? t('print.areaValue', {
                  kelurahan: area.kelurahan.name,
                  kecamatan: area.kecamatan.name,
                  kota: area.kota.name,
                  code: area.kelurahan.code,
                })
              : none}
          </Fact>
          <Fact label={t('print.description')}>
            <span className="case-text">{report.description}</span>
          </Fact>
          <Fact label={t('print.placeNote')}>
            <span className="case-text">{report.placeNote ?? none}</span>
          </Fact>
          <Fact label={t('print.device')}>
            {report.deviceId} / {report.appVersion}
          </Fact>
        </dl>
      </section>

      <section className="case-section">
        <h3>{t('print.followUp')}</h3>
        <dl className="case-facts">
          <Fact label={t('print.verified')}>{state.verified ? t('print.yes') : t('print.no')}</Fact>
          <Fact label={t('print.unit')}>{state.unit ?? none}</Fact>
          <Fact label={t('print.assigned')}>
            {state.assignedTeam === null && state.assignedOfficer === null
              ? none
              : t('print.assignedValue', {
                  team: state.assignedTeam ?? none,
                  officer: state.assignedOfficer ?? none,
                })}
          </Fact>
          {state.rejectionReason !== null ? (
            <Fact label={t('print.rejectionReason')}>{state.rejectionReason}</Fact>
          ) : null}
          {state.duplicateOf !== null ? (
            <Fact label={t('print.duplicateOf')}>{state.duplicateOf}</Fact>
          ) : null}
          <Fact label={t('print.closedAt')}>{closedAt ? formatWib(closedAt) : none}</Fact>
        </dl>
      </section>

      <section className="case-section case-photos">
        <h3>{t('print.photos', { count: report.photos.length })}</h3>
        {report.photos.map((photo, i) => (
          <PhotoFigure
            key={photo.sha256}
            photo={photo}
            n={i + 1}
            total={report.photos.length}
            reportId={report.id}
            onSettled={onPhotoSettled}
          />
        ))}
      </section>

      <section className="case-section case-timeline">
        <h3>{t('print.timeline', { count: timeline.length })}</h3>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('print.time')}</th>
              <th scope="col">{t('print.actor')}</th>
              <th scope="col">{t('print.event')}</th>
              <th scope="col">{t('print.statusChange')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td className="case-nowrap">{formatWib(report.capturedAt)}</td>
              <td>
                {report.author}
                <br />
                <span className="case-muted">{t('roles.officer')}</span>
              </td>
              <td>{t('print.reportCaptured')}</td>
              <td />
            </tr>
            <tr>
              <td className="case-nowrap">{formatWib(report.createdAt)}</td>
              <td>
                {report.author}
                <br />
                <span className="case-muted">{t('roles.officer')}</span>
              </td>
              <td>{t('print.reportCreated')}</td>
              <td />
            </tr>
            {timeline.map((entry) => (
              <TimelineRow key={entry.event.id} entry={entry} />
            ))}
          </tbody>
        </table>
        {timeline.length === 0 ? <p className="case-muted">{t('print.noEvents')}</p> : null}
      </section>
      <footer className="case-footer case-muted">{footer}</footer>
    </article>
  );
}
