import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../domain/api';
import { useSession } from '../api/use-session';
import { ConnectionIndicator } from './ConnectionIndicator';
import { LanguageSwitch } from './LanguageSwitch';

export function AppHeader({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const { client, logout } = useSession();
  const [leaving, setLeaving] = useState(false);

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      <div className="header-tools">
        <ConnectionIndicator client={client} />
        <section className="account" aria-label={t('header.account')}>
          <span className="account-name" data-testid="user-name">
            {user.name}
          </span>
          <span className="account-role" data-testid="user-role">
            {t(`roles.${user.role}`)}
          </span>
        </section>
        <LanguageSwitch />
        <button
          type="button"
          className="button button-quiet"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            void logout().finally(() => setLeaving(false));
          }}
        >
          {t('header.logout')}
        </button>
      </div>
    </header>
  );
}
