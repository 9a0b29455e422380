import { useTranslation } from 'react-i18next';
import { RefusalNote } from '../RefusalNote';
import type { ReportEvent } from '../../../../domain/report-events';
import type { CaseEvent } from '../../data/local-data';
import { formatCaptureTime, statusLabel } from '../my-reports/format';
import { PhotoThumbs } from './PhotoGallery';

/** What an event did, in one line of the UI language. */
function useDescribe(): (e: ReportEvent) => string {
  const { t, i18n } = useTranslation();
  const status = (s: Parameters<typeof statusLabel>[0]) => statusLabel(s, i18n.language);
  return (e) => {
    switch (e.kind) {
      case 'submitted':
        return t('case.timeline.kinds.submitted');
      case 'verified':
        return t('case.timeline.kinds.verified');
      case 'rejected':
        return t('case.timeline.kinds.rejected', { reason: e.reason });
      case 'disposed':
        return t('case.timeline.kinds.disposed', { unit: e.unit });
      case 'status-changed':
        return t('case.timeline.kinds.statusChanged', { from: status(e.from), to: status(e.to) });
      case 'assigned':
        if (e.assignedTeam !== null && e.assignedOfficer !== null) {
          return t('case.timeline.kinds.assignedBoth', { team: e.assignedTeam, officer: e.assignedOfficer });
        }
        return e.assignedOfficer !== null
          ? t('case.timeline.kinds.assignedOfficer', { officer: e.assignedOfficer })
          : t('case.timeline.kinds.assignedTeam', { team: e.assignedTeam ?? '' });
      case 'commented':
        return t('case.timeline.kinds.commented');
      case 'photo-received':
        return t('case.timeline.kinds.photoReceived', { sha: e.sha256.slice(0, 12) });
      case 'linked-duplicate':
        return t('case.timeline.kinds.linkedDuplicate', { id: e.duplicateOf });
    }
  };
}

/**
 * Every event of a case, oldest first: who (name and role), when, what it did, its note or comment, and —
 * for events made on this device — whether the server has it yet. Used by the supervisor's and the
 * officer's case view alike; it re-renders as events arrive (the case view is live).
 */
export function Timeline({ events, me }: { events: readonly CaseEvent[]; me: string }) {
  const { t, i18n } = useTranslation();
  const describe = useDescribe();
  return (
    <section className="panel case-timeline" aria-labelledby="case-timeline-title">
      <h2 id="case-timeline-title">{t('case.timeline.title')}</h2>
      {events.length === 0 ? (
        <p className="muted">{t('case.timeline.empty')}</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {events.map(({ event, sync, refusedReason }) => {
            const note = 'note' in event && typeof event.note === 'string' ? event.note : null;
            return (
              <li
                key={event.id}
                className={`timeline-item timeline-${sync}`}
                data-testid="timeline-event"
                data-kind={event.kind}
                data-sync={sync}
                data-event-id={event.id}
              >
                <p className="timeline-what">{describe(event)}</p>
                {event.kind === 'commented' ? <p className="timeline-text">{event.text}</p> : null}
                {note !== null ? <p className="timeline-text">{t('case.timeline.note', { note })}</p> : null}
                {event.kind === 'status-changed' && event.photos ? (
                  <div className="timeline-photos" aria-label={t('case.timeline.afterPhotos')} role="group">
                    <PhotoThumbs
                      photos={event.photos}
                      testId="after-photo"
                      label={(number) => t('case.timeline.afterPhoto', { number })}
                    />
                  </div>
                ) : null}
                <p className="timeline-meta muted">
                  <time dateTime={event.at}>
                    {t('case.timeline.byline', {
                      actor: event.actor,
                      role: t(`roles.${event.actorRole}`),
                      time: formatCaptureTime(event.at, i18n.language),
                    })}
                  </time>
                  {sync !== 'sent' || event.actor === me ? (
                    <span className={`badge event-sync-${sync}`} data-testid="event-sync">
                      {t(`case.timeline.sync.${sync}`)}
                    </span>
                  ) : null}
                </p>
                {sync === 'refused' ? (
                  <p className="timeline-refused" role="note">
                    <RefusalNote reason={refusedReason} template="case.timeline.refusedReason" />
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
