import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import { useSession } from '../../api/use-session';
import { CLOCK_MARGIN_MS, selectNotifications } from '../../data/follow-up/follow-up-rules';
import { useLocalData } from '../../data/local-data';
import { preferenceStore } from '../../platform';
import { onNotificationOpen, showReportNotification } from '../../platform/notifications';
import { caseHref } from '../routes';
import { noticeText, type NoticeText } from './notice-text';

interface Notice extends NoticeText {
  id: string;
  reportId: string;
}

/** Beyond this many at once, one summary instead of a notification each (a long offline spell). */
const MAX_SEPARATE = 3;
/** The in-app list keeps this many (the case screens have the whole history). */
const MAX_KEPT = 20;

function openCase(reportId: string): void {
  window.location.hash = caseHref(reportId);
}

/**
 * Follows the events that sync brings to this device and tells the officer about the ones that matter to
 * them — status changes, assignments, comments on their reports — with a notification (native in Electron,
 * the web Notification API when allowed) and a short in-app list that screen readers announce.
 */
export function FollowUpNotifier({
  user,
  categoryLabel,
}: {
  user: SessionUser;
  categoryLabel: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const { client } = useSession();
  const { followUp, reports } = useLocalData();
  const [notices, setNotices] = useState<Notice[]>([]);
  const [expanded, setExpanded] = useState(false);
  const server = client?.server ?? '';
  // The words may change (language, category names) without restarting the subscription: a restart would
  // drop events buffered for the next batch.
  const words = useRef({ t, language: i18n.language, categoryLabel });
  useEffect(() => {
    words.current = { t, language: i18n.language, categoryLabel };
  });
  const { name, team } = user;

  useEffect(() => {
    const store = preferenceStore();
    const key = `tertib.followUpSince:${server}\n${name}`;
    let since = store.getItem(key);
    if (since === null) {
      since = new Date(Date.now() - CLOCK_MARGIN_MS).toISOString();
      store.setItem(key, since);
    }
    const from = since;
    let active = true;
    const subscription = followUp.arrivals().subscribe((batch) => {
      const news = selectNotifications(batch, { name, team }, from);
      const { t, language, categoryLabel } = words.current;
      if (news.length === 0) return;
      void Promise.all(
        news.map(async (event) => {
          const report = await reports.get(event.reportId).catch(() => null);
          const category = report ? categoryLabel(report.report.categoryId) : null;
          return {
            id: event.id,
            reportId: event.reportId,
            ...noticeText(event, t, language, category, name),
          };
        }),
      ).then((made) => {
        if (!active) return;
        const newestFirst = [...made].reverse();
        setNotices((previous) => [...newestFirst, ...previous].slice(0, MAX_KEPT));
        if (made.length <= MAX_SEPARATE) {
          for (const notice of newestFirst) void showReportNotification(notice, openCase);
        } else {
          const newest = newestFirst[0]!;
          void showReportNotification(
            {
              title: t('followUp.notice.manyTitle'),
              body: t('followUp.notice.manyBody', { count: made.length }),
              reportId: newest.reportId,
            },
            openCase,
          );
        }
      });
    });
    const stopClicks = onNotificationOpen(openCase);
    return () => {
      active = false;
      subscription.unsubscribe();
      stopClicks();
    };
  }, [followUp, reports, server, name, team]);

  // One line however many changes arrive: the newest notice, and a summary of the rest that opens into the
  // whole list on request. A notice per change, stacked above the screen, pushed the officer's own list down.
  const [newest, ...rest] = notices;
  const shown = expanded ? notices : newest ? [newest] : [];
  return (
    <section className="follow-up-notices" aria-label={t('followUp.notice.region')}>
      <ul aria-live="polite" aria-relevant="additions">
        {shown.map((notice) => (
          <li key={notice.id} className="follow-up-notice" data-testid="follow-up-notice">
            <a href={caseHref(notice.reportId)}>
              <strong>{notice.title}</strong> <span>{notice.body}</span>
            </a>
            <button
              type="button"
              className="link-button"
              aria-label={t('followUp.notice.dismiss')}
              onClick={() => setNotices((previous) => previous.filter((n) => n.id !== notice.id))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {rest.length > 0 ? (
        <p className="follow-up-summary" data-testid="follow-up-summary">
          <span>{t('followUp.notice.more', { count: rest.length })}</span>
          <button
            type="button"
            className="link-button"
            aria-expanded={expanded}
            onClick={() => setExpanded((open) => !open)}
          >
            {expanded ? t('followUp.notice.showLess') : t('followUp.notice.showAll')}
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setNotices([]);
              setExpanded(false);
            }}
          >
            {t('followUp.notice.dismissAll')}
          </button>
        </p>
      ) : null}
    </section>
  );
}
