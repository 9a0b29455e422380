import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/api-client';
import { useConnectionStatus } from '../api/use-connection-status';

const text = {
  online: 'connection.online',
  offline: 'connection.offline',
  unreachable: 'connection.unreachable',
} as const;
const hint = {
  online: 'connection.onlineHint',
  offline: 'connection.offlineHint',
  unreachable: 'connection.unreachableHint',
} as const;

export function ConnectionIndicator({ client }: { client: ApiClient | null }) {
  const { t } = useTranslation();
  const status = useConnectionStatus(client);
  return (
    <div className={`connection connection-${status}`} role="status" title={t(hint[status])}>
      <span className="visually-hidden">{t('connection.label')}: </span>
      <span className="connection-dot" aria-hidden="true" />
      <span data-testid="connection-status" data-status={status}>
        {t(text[status])}
      </span>
    </div>
  );
}
