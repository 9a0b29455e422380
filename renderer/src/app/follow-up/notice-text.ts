// The words of a follow-up notice (native notification and in-app), from an event. Pure apart from `t`.

import type { TFunction } from 'i18next';
import type { ReportEvent } from '../../../../domain/report-events';
import { statusLabel } from '../my-reports/format';

export interface NoticeText {
  title: string;
  body: string;
}

export function noticeText(
  event: ReportEvent,
  t: TFunction,
  language: string,
  category: string | null,
  self: string,
): NoticeText {
  const what = category ?? t('followUp.notice.aReport');
  const title =
    event.kind === 'assigned'
      ? t('followUp.notice.taskTitle', { category: what })
      : t('followUp.notice.title', { category: what });
  const who = event.actor;
  let body: string;
  switch (event.kind) {
    case 'verified':
      body = t('followUp.notice.verified', { who });
      break;
    case 'rejected':
      body = t('followUp.notice.rejected', { reason: event.reason });
      break;
    case 'disposed':
      body = t('followUp.notice.disposed', { unit: event.unit });
      break;
    case 'status-changed':
      body = t('followUp.notice.statusChanged', { status: statusLabel(event.to, language) });
      if (event.note) body += ` — ${event.note}`;
      break;
    case 'assigned':
      body =
        event.assignedOfficer === self
          ? t('followUp.notice.assignedYou', { who })
          : t('followUp.notice.assignedTeam', { who, team: event.assignedTeam ?? '' });
      break;
    case 'commented':
      body = t('followUp.notice.commented', { who, text: event.text });
      break;
    case 'linked-duplicate':
      body = t('followUp.notice.duplicate', { who });
      break;
    default:
      body = t('followUp.notice.updated', { who });
  }
  // Notification bodies are short on every OS; the case itself has the whole text.
  return { title: title.slice(0, 120), body: body.length > 500 ? `${body.slice(0, 499)}…` : body };
}
