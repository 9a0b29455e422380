// Issue 13, "revoke and wipe", in the app: carries out a wipe the sync was told of (the signed-in user) or the
// watcher learned of (a user signed out here: an expired session, a disabled account), and keeps showing why
// until the person at the laptop has read it. The watcher asks the registry about every user this device holds
// a key for, at start, every minute and whenever the browser comes online; a failed question is simply asked
// again (never remembered), and so are confirmations the server has not taken yet.

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useSession } from '../../api/use-session';
import { findDeviceSigner } from '../../data/device-key/device-key';
import {
  carryOutWipe,
  contactRegistry,
  dismissWipeNotice,
  forgetDeviceUser,
  knownDeviceUsers,
  readWipeNotice,
  sendWipeConfirmations,
  type WipeNotice,
} from '../../data/device-wipe';
import { preferenceStore } from '../../platform';
import { WipeContext, type WipeRequest } from './wipe-context';
import { WipedScreen, WipingScreen } from './WipedScreen';

const WATCH_MS = 60_000;

export function WipeProvider({ fetch, children }: { fetch: typeof globalThis.fetch; children: ReactNode }) {
  const store = preferenceStore();
  const { state, client, logout } = useSession();
  const [wiping, setWiping] = useState<WipeRequest | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<WipeNotice | null>(() => readWipeNotice(store));
  const signedIn =
    state.status === 'signed-in' && client !== null ? `${client.server}\n${state.user.name}` : null;
  // Users whose sync engine runs now (it contacts the registry at each pass itself).
  const syncingUsers = useRef(new Map<string, number>());
  const fetchFn = useCallback((url: string, init?: RequestInit) => fetch(url, init), [fetch]);

  const request = useCallback((next: WipeRequest) => setWiping((current) => current ?? next), []);

  // Carry it out once the shell has unmounted (the SessionGate below shows the wiping screen instead).
  useEffect(() => {
    if (wiping === null) return;
    let active = true;
    void (async () => {
      setFailure(null);
      const signer = await findDeviceSigner(wiping.server, wiping.user);
      const done = await carryOutWipe({
        store,
        fetch: fetchFn,
        server: wiping.server,
        user: wiping.user,
        order: wiping.order,
        signer,
        unsent: wiping.unsent,
      });
      // The session goes too when it is this user's (best effort: the data is gone whatever the server says).
      if (signedIn === `${wiping.server}\n${wiping.user}`) await logout().catch(() => undefined);
      if (!active) return;
      setNotice(done);
      setWiping(null);
    })().catch((err: unknown) => {
      console.error('Wiping failed', err);
      if (active) setFailure(err);
    });
    return () => {
      active = false;
    };
    // `signedIn` and `logout` change when the wipe signs the user out; the wipe must not start again then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wiping, attempt, store, fetchFn]);

  // The watcher: users signed out here (lost orders only: a hand-over needs the user signed in to send first).
  useEffect(() => {
    let stopped = false;
    let running = false;
    const check = async () => {
      if (running || stopped) return;
      running = true;
      try {
        if ((await sendWipeConfirmations(store, fetchFn)) > 0 && !stopped) setNotice(readWipeNotice(store));
        for (const who of knownDeviceUsers(store)) {
          if (stopped || (syncingUsers.current.get(`${who.server}\n${who.user}`) ?? 0) > 0) continue;
          const signer = await findDeviceSigner(who.server, who.user);
          if (!signer) {
            forgetDeviceUser(store, who);
            continue;
          }
          const order = await contactRegistry({
            fetch: fetchFn,
            server: who.server,
            signer,
            user: who.user,
            appVersion: __APP_VERSION__,
            backlog: { reports: null, photos: null, oldestAt: null },
          }).catch(() => null); // offline, or the server not answering: asked again at the next check
          if (order?.mode === 'lost' && !stopped) {
            request({ ...who, order, unsent: { reports: null, photos: null } });
            return;
          }
        }
      } finally {
        running = false;
      }
    };
    void check();
    const timer = setInterval(() => void check(), WATCH_MS);
    const online = () => void check();
    window.addEventListener('online', online);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener('online', online);
    };
  }, [store, fetchFn, request]);

  const syncing = useCallback((server: string, user: string) => {
    const key = `${server}\n${user}`;
    const counts = syncingUsers.current;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return () => counts.set(key, Math.max(0, (counts.get(key) ?? 1) - 1));
  }, []);
  const control = useMemo(() => ({ request, syncing }), [request, syncing]);

  let screen: ReactNode = children;
  if (wiping !== null) {
    screen = (
      <WipingScreen
        failure={failure}
        onRetry={() => {
          setAttempt((n) => n + 1);
        }}
      />
    );
  } else if (notice !== null) {
    screen = (
      <WipedScreen
        notice={notice}
        onDismiss={() => {
          dismissWipeNotice(store);
          setNotice(null);
        }}
      />
    );
  }
  return <WipeContext.Provider value={control}>{screen}</WipeContext.Provider>;
}
