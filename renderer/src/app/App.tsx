import { useTranslation } from 'react-i18next';
import { SessionProvider, useSession, type SessionDeps } from '../api/use-session';
import { DataKeyGate } from './lock/DataKeyGate';
import { LoginScreen } from './LoginScreen';
import { Shell } from './Shell';
import { WipeProvider } from './wipe/WipeProvider';

export function App({ deps }: { deps: SessionDeps }) {
  return (
    <SessionProvider deps={deps}>
      {/* Above the session's screens: a wipe unmounts them first and then shows why (issue 13). */}
      <WipeProvider fetch={deps.fetch}>
        <SessionGate />
      </WipeProvider>
    </SessionProvider>
  );
}

function SessionGate() {
  const { t } = useTranslation();
  const { state, client } = useSession();
  switch (state.status) {
    case 'restoring':
      return (
        <div className="restoring" role="status">
          {t('app.restoring')}
        </div>
      );
    case 'signed-out':
      // Keyed by the notice so a new sign-out shows a fresh form with its own notice.
      return <LoginScreen key={state.notice ?? 'none'} notice={state.notice} />;
    case 'signed-in':
      // The user's data key must be open before any of their data is (issue 13).
      return client === null ? null : (
        <DataKeyGate key={state.user.name} server={client.server} user={state.user}>
          <Shell user={state.user} />
        </DataKeyGate>
      );
  }
}
