import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../domain/api';
import { useSession } from '../api/use-session';
import { AppHeader } from './AppHeader';
import { AppVersion } from './AppVersion';
import { MainNav } from './MainNav';
import { routesFor } from './routes';
import { AccountsScreen } from './screens/AccountsScreen';
import { PlaceholderScreen } from './screens/PlaceholderScreen';
import { useHashRoute } from './use-hash-route';

/** The signed-in frame: header, role-aware navigation, and the current screen. */
export function Shell({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const { client } = useSession();
  const route = useHashRoute(user.role);
  const heading = useRef<HTMLHeadingElement>(null);

  // A screen change must be announced and must not leave keyboard focus on a link that scrolled away:
  // move focus to the new screen's heading (also right after sign-in).
  useEffect(() => {
    heading.current?.focus();
  }, [route]);

  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main-content"
        onClick={(event) => {
          // The hash is the router's; focus the heading instead of navigating to an anchor.
          event.preventDefault();
          heading.current?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <AppHeader user={user} />
      <MainNav routes={routesFor(user.role)} current={route} />
      <main className="main" id="main-content">
        <h1 ref={heading} tabIndex={-1} className="screen-title">
          {route ? t(route.label) : t('app.name')}
        </h1>
        {route?.id === 'accounts' && client !== null ? (
          <AccountsScreen client={client} currentUser={user} />
        ) : null}
        {route?.id === 'new-report' ? <PlaceholderScreen screen="newReport" /> : null}
        {route?.id === 'my-reports' ? <PlaceholderScreen screen="myReports" /> : null}
        {route?.id === 'review' ? <PlaceholderScreen screen="review" /> : null}
        {route?.id === 'dashboard' ? <PlaceholderScreen screen="dashboard" /> : null}
      </main>
      <footer className="app-footer">
        <AppVersion />
      </footer>
    </div>
  );
}
