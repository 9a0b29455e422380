// Between a signed-in session and the app: the user's data key must be open before any of their data is.
// It opens by itself when this page already holds it, from the OS keychain (desktop), or from another open
// tab of the app; otherwise the user types their password (web mode after a reload or restart, offline too).

import { useEffect, useState, type ReactNode } from 'react';
import type { SessionUser } from '../../../../domain/api';
import { appKeyring, type DataKey } from '../../data/keys';
import { DataKeyContext } from '../../data/keys/data-key-context';
import { IdleLock } from './IdleLock';
import { UnlockScreen } from './UnlockScreen';

type GateState =
  { status: 'checking' } | { status: 'locked'; hasRecord: boolean } | { status: 'open'; key: DataKey };

export function DataKeyGate({
  server,
  user,
  children,
}: {
  server: string;
  user: SessionUser;
  children: ReactNode;
}) {
  const id = `${server}\n${user.name}`;
  const [gate, setGate] = useState<{ id: string; state: GateState } | null>(null);
  const state: GateState = gate !== null && gate.id === id ? gate.state : { status: 'checking' };

  useEffect(() => {
    let active = true;
    const keyring = appKeyring();
    void (async () => {
      const key =
        (await keyring.current(server, user.name)) ??
        (await keyring.unlockWithKeychain(server, user.name)) ??
        (await keyring.askOtherTabs(server, user.name));
      if (!active) return;
      setGate({
        id: `${server}\n${user.name}`,
        state: key
          ? { status: 'open', key }
          : { status: 'locked', hasRecord: await keyring.hasRecord(server, user.name) },
      });
    })();
    return () => {
      active = false;
    };
  }, [server, user.name]);

  switch (state.status) {
    case 'checking':
      return null;
    case 'locked':
      return (
        <UnlockScreen
          server={server}
          user={user}
          hasRecord={state.hasRecord}
          onUnlocked={(key) => setGate({ id, state: { status: 'open', key } })}
        />
      );
    case 'open':
      return (
        <DataKeyContext.Provider value={state.key}>
          <IdleLock server={server} user={user} dataKey={state.key}>
            {children}
          </IdleLock>
        </DataKeyContext.Provider>
      );
  }
}
