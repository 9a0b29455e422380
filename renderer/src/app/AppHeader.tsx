import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../domain/api';
import { useSession } from '../api/use-session';
import { useUnsentCount } from '../data/local-data';
import { ConnectionIndicator } from './ConnectionIndicator';
import { LanguageSwitch } from './LanguageSwitch';
import { LockMenu } from './lock/LockMenu';

export function AppHeader({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const { client, logout } = useSession();
  const [leaving, setLeaving] = useState(false);
  const unsent = useUnsentCount();

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
        <LockMenu />
        <button
          type="button"
          className="button button-quiet"
          disabled={leaving}
          onClick={() => {
            // Unsent reports stay on this device under this account; say so before the officer hands over
            // a shared laptop.
            if (unsent > 0 && !window.confirm(t('header.unsentWarning', { count: unsent }))) return;
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
