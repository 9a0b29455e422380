import { useTranslation } from 'react-i18next';
import { refusalMessage } from './refusal-message';

/**
 * Why the server refused a report or an event, in the user's language (refusal-message.ts); the server's
 * own English sentence appears only as a labelled detail when no translation fits it.
 */
export function RefusalNote({
  reason,
  template,
  className,
}: {
  reason: string | null | undefined;
  template: 'myReports.rejectionReason' | 'case.timeline.refusedReason';
  className?: string;
}) {
  const { t } = useTranslation();
  const message = refusalMessage(reason);
  return (
    <span className={className} data-testid="rejection-reason">
      {t(template, { reason: t(message.key, message.params) })}
      {message.detail ? (
        <span className="refusal-detail"> {t('errors.serverDetail', { reason: message.detail })}</span>
      ) : null}
    </span>
  );
}
