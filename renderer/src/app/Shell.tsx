import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../domain/api';
import { useSession } from '../api/use-session';
import { useReferenceData } from '../capture/use-reference-data';
import { LocalDataProvider } from '../data/local-data';
import { SyncProvider } from '../data/sync/sync-provider';
import { AppHeader } from './AppHeader';
import { AppVersion } from './AppVersion';
import { FollowUpNotifier } from './follow-up/FollowUpNotifier';
import { TasksScreen } from './follow-up/TasksScreen';
import { CaseScreen } from './case/CaseScreen';
import { MainNav } from './MainNav';
import { routesFor } from './routes';
import { SyncBar } from './SyncBar';
import { AccountsScreen } from './screens/AccountsScreen';
import { DevicesScreen } from './screens/DevicesScreen';
import { VerifyBundleScreen } from './screens/VerifyBundleScreen';
import { MyReportsScreen } from './screens/MyReportsScreen';
import { NewReportScreen } from './screens/NewReportScreen';
import { PrintScreen } from './print/PrintScreen';
import { ReviewQueueScreen } from './review/ReviewQueueScreen';
import { useHashRoute } from './use-hash-route';

// Charts are heavy and only supervisors and admins see them: a separate chunk (precached for offline use).
const DashboardScreen = lazy(() =>
  import('./dashboard/DashboardScreen').then((m) => ({ default: m.DashboardScreen })),
);

/** The signed-in frame: header, role-aware navigation, and the current screen. */
export function Shell({ user }: { user: SessionUser }) {
  const { t, i18n } = useTranslation();
  const { client } = useSession();
  // Fetched at sign-in (not only when capture opens), so categories work offline from the first login.
  const reference = useReferenceData(client);
  const categoryLabel = (id: string): string => {
    const category = reference.categories.find((c) => c.id === id);
    if (!category) return id;
    return i18n.language === 'en' ? category.label.en : category.label.id;
  };
  const route = useHashRoute(user.role);
  const heading = useRef<HTMLHeadingElement>(null);

  // A screen change must be announced and must not leave keyboard focus on a link that scrolled away:
  // move focus to the new screen's heading (also right after sign-in).
  useEffect(() => {
    heading.current?.focus();
  }, [route]);

  if (client === null) return null;
  if (route?.id === 'print') {
    // Only the pages: no menu, no sync bar, and no second sync engine (this may be a new tab or Electron's
    // off-screen print window beside the app's own window, on the same local database).
    return (
      <LocalDataProvider server={client.server} user={user.name}>
        <PrintScreen user={user} categoryLabel={categoryLabel} />
      </LocalDataProvider>
    );
  }
  return (
    <LocalDataProvider server={client.server} user={user.name}>
      <SyncProvider client={client}>
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
          <div>
            <AppHeader user={user} />
            <SyncBar />
          </div>
          <MainNav routes={routesFor(user.role)} current={route} />
          {user.role === 'officer' ? <FollowUpNotifier user={user} categoryLabel={categoryLabel} /> : null}
          <main className="main" id="main-content">
            <h1 ref={heading} tabIndex={-1} className="screen-title">
              {route ? t(route.label) : t('app.name')}
            </h1>
            {route?.id === 'accounts' ? <AccountsScreen client={client} currentUser={user} /> : null}
            {route?.id === 'devices' ? <DevicesScreen client={client} /> : null}
            {route?.id === 'verify-bundle' ? <VerifyBundleScreen /> : null}
            {route?.id === 'new-report' ? (
              <NewReportScreen user={user} reference={reference} onSaved={() => undefined} />
            ) : null}
            {route?.id === 'my-reports' ? (
              <MyReportsScreen user={user} categoryLabel={categoryLabel} categories={reference.categories} />
            ) : null}
            {route?.id === 'tasks' ? <TasksScreen user={user} categoryLabel={categoryLabel} /> : null}
            {route?.id === 'review' ? <ReviewQueueScreen categoryLabel={categoryLabel} /> : null}
            {route?.id === 'dashboard' ? (
              <Suspense fallback={<p role="status">{t('dashboard.loading')}</p>}>
                <DashboardScreen client={client} user={user} categoryLabel={categoryLabel} />
              </Suspense>
            ) : null}
            {route?.id === 'case' ? (
              <CaseScreen user={user} categoryLabel={categoryLabel} reference={reference} />
            ) : null}
          </main>
          <footer className="app-footer">
            <AppVersion />
          </footer>
        </div>
      </SyncProvider>
    </LocalDataProvider>
  );
}
