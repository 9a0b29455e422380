import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import type { Report } from '../../../../domain/report';
import { foldReportState } from '../../../../domain/report-state';
import { useSession } from '../../api/use-session';
import { loadCase, type CaseLookup } from '../../data/follow-up/case-cache';
import { useDataKey } from '../../data/keys/data-key-context';
import type { Task } from '../../data/follow-up/follow-up';
import { useTasks } from '../../data/local-data';
import {
  notificationAvailability,
  requestNotificationPermission,
  type NotificationAvailability,
} from '../../platform/notifications';
import { formatCaptureTime, statusLabel } from '../my-reports/format';
import { caseHref } from '../routes';

/** A task's report from this device, else the case read whole from the server (cached for offline). */
function useTaskCase(task: Task, user: string): { report: Report | null; lookup: CaseLookup | null } {
  const { client } = useSession();
  const dataKey = useDataKey();
  const [lookup, setLookup] = useState<{ id: string; value: CaseLookup } | null>(null);
  const local = task.report;
  useEffect(() => {
    if (local !== null || client === null) return undefined;
    let active = true;
    void loadCase(client, user, task.reportId, dataKey).then((value) => {
      if (active) setLookup({ id: task.reportId, value });
    });
    return () => {
      active = false;
    };
  }, [client, user, task.reportId, local, dataKey]);
  if (local !== null) return { report: local, lookup: null };
  const value = lookup?.id === task.reportId ? lookup.value : null;
  return { report: value !== null && 'report' in value ? value.report : null, lookup: value };
}

function TaskItem({
  task,
  user,
  categoryLabel,
}: {
  task: Task;
  user: SessionUser;
  categoryLabel: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const { report, lookup } = useTaskCase(task, user.name);
  // Events of a fetched case may include some this device does not hold (from before the assignment).
  const events =
    lookup !== null && 'events' in lookup
      ? [...lookup.events, ...task.events.filter((e) => !lookup.events.some((f) => f.id === e.id))]
      : task.events;
  const status = (lookup !== null && 'events' in lookup ? foldReportState(events) : task.state).status;
  const assignment = task.assignment;
  return (
    <li className="task-item" data-testid="task-item" data-report-id={task.reportId} data-status={status}>
      <a href={caseHref(task.reportId)} className="task-link">
        <span className="task-category">
          {report ? categoryLabel(report.categoryId) : t('followUp.tasks.loadingReport')}
        </span>
        <span className={`status-badge status-${status}`} data-testid="task-status">
          {statusLabel(status, i18n.language)}
        </span>
      </a>
      {report ? <p className="task-description">{report.description}</p> : null}
      {report?.placeNote ? <p className="muted">{report.placeNote}</p> : null}
      {lookup !== null && 'missing' in lookup ? (
        <p className="muted" role="status">
          {t('followUp.tasks.gone')}
        </p>
      ) : null}
      {lookup !== null && 'unavailable' in lookup && report === null ? (
        <p className="muted" role="status">
          {t('followUp.tasks.offline')}
        </p>
      ) : null}
      <p className="muted">
        {assignment.assignedOfficer === user.name
          ? t('followUp.tasks.assignedYou', {
              who: assignment.event.actor,
              time: formatCaptureTime(assignment.event.at, i18n.language),
            })
          : t('followUp.tasks.assignedTeam', {
              who: assignment.event.actor,
              team: assignment.assignedTeam ?? '',
              time: formatCaptureTime(assignment.event.at, i18n.language),
            })}
      </p>
    </li>
  );
}

function NotificationSwitch() {
  const { t } = useTranslation();
  const [availability, setAvailability] = useState<NotificationAvailability>(notificationAvailability);
  if (availability === 'native' || availability === 'granted') {
    return (
      <p className="muted" data-testid="notifications-on">
        {t('followUp.notifications.on')}
      </p>
    );
  }
  if (availability === 'unsupported') return null;
  if (availability === 'denied') return <p className="muted">{t('followUp.notifications.denied')}</p>;
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => void requestNotificationPermission().then(setAvailability)}
    >
      {t('followUp.notifications.enable')}
    </button>
  );
}

/** "Tugas": follow-ups a supervisor assigned to this officer or their team, live as assignments change. */
export function TasksScreen({
  user,
  categoryLabel,
}: {
  user: SessionUser;
  categoryLabel: (id: string) => string;
}) {
  const { t } = useTranslation();
  const tasks = useTasks(user);
  return (
    <section className="tasks">
      <NotificationSwitch />
      {tasks === null ? <p role="status">{t('followUp.tasks.loading')}</p> : null}
      {tasks !== null && tasks.length === 0 ? (
        <p className="placeholder" data-testid="tasks-empty">
          {t('followUp.tasks.empty')}
        </p>
      ) : null}
      {tasks !== null && tasks.length > 0 ? (
        <ul className="task-list" aria-label={t('followUp.tasks.listLabel')}>
          {tasks.map((task) => (
            <TaskItem key={task.reportId} task={task} user={user} categoryLabel={categoryLabel} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
