// Runs the signed-in user's sync while the shell is open (inside LocalDataProvider) and gives screens its
// status through useSyncStatus(). Starts by itself once the local data is open; follows the browser's
// online/offline events; stops when the user or server changes.

import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ApiClient } from '../../api/api-client';
import { useLocalData } from '../local-data';
import { deviceLabel, deviceRegistration } from '../device-key/registration';
import { contactRegistry, rememberDeviceUser } from '../device-wipe';
import { preferenceStore } from '../../platform';
import { isEmptyDraft } from '../../capture/capture-form';
import { isSavedLeftover } from '../../capture/draft-report-id';
import { useWipeControl } from '../../app/wipe/wipe-context';
import { openRemoteVault } from '../photos/photo-vault';
import type { WipeOrder } from '../../../../domain/devices';
import { IDLE_SYNC_STATUS, SyncEngine, type DeviceBacklogCounts, type SyncStatus } from './sync-engine';
import type { SchedulerTimer } from './sync-scheduler';

export type { SyncPhase, SyncStatus } from './sync-engine';

export interface SyncStatusValue extends SyncStatus {
  /** "Coba lagi": try now, and after a new sign-in, resume from `auth-required`. */
  retry(): void;
}

const IDLE: SyncStatus = IDLE_SYNC_STATUS;

const SyncContext = createContext<SyncStatusValue | null>(null);

export function SyncProvider({
  client,
  timer,
  children,
}: {
  client: Pick<ApiClient, 'server' | 'authorizedFetch' | 'health' | 'registerDevice'>;
  timer?: SchedulerTimer;
  children: ReactNode;
}) {
  const { sync, user, drafts } = useLocalData();
  const wipe = useWipeControl();
  const engine = useRef<SyncEngine | null>(null);
  const [status, setStatus] = useState<SyncStatus>(IDLE);
  // An engine stops asynchronously (its replications cancel); the next one starts after that.
  const previous = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    // Issue 13: once a wipe is ordered, not one more request of this engine leaves the device (a `lost`
    // order arriving while a pass is in flight must not be followed by an upload).
    let halted = false;
    let handover: WipeOrder | null = null;
    const register = deviceRegistration(client, sync.signer, user, __APP_VERSION__, deviceLabel(navigator));
    const orderWipe = (order: WipeOrder, unsent: DeviceBacklogCounts) => {
      halted = true;
      wipe?.request({ server: client.server, user, order, unsent });
    };
    const next = new SyncEngine({
      server: client.server,
      fetch: (url, init) =>
        halted ? Promise.reject(new DOMException('A wipe was ordered', 'AbortError')) : client.authorizedFetch(url, init),
      probe: () =>
        client.health().then(
          () => true,
          () => false,
        ),
      ...sync,
      // Each pass: register (once per session), then the signed contact with what is still unsent; the answer
      // is asked again at every pass, never remembered (a revocation on another server or a lagging cluster
      // node is seen at the next pass). A failed contact fails the pass, which is retried with its backoff.
      beforeSync: async (backlog) => {
        await register();
        rememberDeviceUser(preferenceStore(), { server: client.server, user });
        const order = await contactRegistry({
          fetch: (url, init) => client.authorizedFetch(url, init),
          server: client.server,
          signer: sync.signer,
          user,
          appVersion: __APP_VERSION__,
          backlog,
        });
        if (order === null) return;
        if (order.mode === 'handover') {
          handover = order; // send everything first: afterPass wipes once nothing sendable is left
          return;
        }
        orderWipe(order, backlog);
        throw new DOMException('A wipe was ordered', 'AbortError');
      },
      afterPass: async (backlog, settled) => {
        if (!handover || !settled) return;
        // A report being filled in is not in the outbox yet: the hand-over waits until it is saved or
        // discarded (saving it starts a pass; so does the next scheduled one). A leftover of a report already
        // saved (a crash between save and clear) is in the outbox: it does not hold the wipe back.
        const draft = await drafts.load();
        if (draft !== null && !isEmptyDraft(draft) && !isSavedLeftover(preferenceStore(), user)) return;
        orderWipe(handover, backlog);
      },
      openRemote: openRemoteVault,
      online: navigator.onLine,
      ...(timer ? { timer } : {}),
    });
    const subscription = next.status$.subscribe(setStatus);
    const stopWatching = wipe?.syncing(client.server, user);
    engine.current = next;
    const goOnline = () => next.setOnline(true);
    const goOffline = () => next.setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    const started = previous.current.then(() => next.start());
    started.catch((err: unknown) => console.warn('Sync could not start', err));
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      subscription.unsubscribe();
      stopWatching?.();
      if (engine.current === next) engine.current = null;
      previous.current = started.catch(() => undefined).then(() => next.stop());
    };
  }, [client, sync, user, drafts, timer, wipe]);

  const value = useMemo<SyncStatusValue>(() => ({ ...status, retry: () => engine.current?.retry() }), [status]);
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}

/** The sync status for the sync bar and screens; outside a SyncProvider, an idle status (tests, lab). */
export function useSyncStatus(): SyncStatusValue {
  return useContext(SyncContext) ?? { ...IDLE, retry: () => undefined };
}
