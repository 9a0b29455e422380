import { useTranslation } from 'react-i18next';
import { errorMessage, type ErrorContext } from '../api/error-messages';

/** A failed request, explained in the user's language. */
export function ErrorAlert({ error, context, id }: { error: unknown; context: ErrorContext; id?: string }) {
  const { t } = useTranslation();
  const message = errorMessage(error, context);
  return (
    <div className="alert alert-error" role="alert" id={id}>
      <p>{t(message.key, message.params)}</p>
      {message.detail ? (
        <p className="alert-detail">{t('errors.serverDetail', { reason: message.detail })}</p>
      ) : null}
    </div>
  );
}
