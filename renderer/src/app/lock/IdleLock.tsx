// The idle lock (issue 13): after a configurable time without input the app hides everything — screens stay
// mounted underneath (hidden and inert), so a half-filled form is exactly as it was after unlocking, and its
// draft keeps being saved as before — and notifications show no content. The data key stays open in memory
// meanwhile (sync goes on); the PIN or the password lifts the lock. Closing the app instead drops the key.

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import { userDataKey } from '../../data/db/db-name';
import { appKeyring, type DataKey } from '../../data/keys';
import { createPinStore, type PinStore } from '../../data/keys/pin';
import { preferenceStore } from '../../platform';
import { setNotificationsPrivate } from '../../platform/notifications';
import { LockScreen } from './LockScreen';

export const IDLE_SECONDS_KEY = 'tertib.lock.idleSeconds';
export const DEFAULT_IDLE_SECONDS = 5 * 60;
export const IDLE_CHOICES = [60, 5 * 60, 10 * 60, 30 * 60] as const;

export function readIdleSeconds(): number {
  const raw = Number.parseInt(preferenceStore().getItem(IDLE_SECONDS_KEY) ?? '', 10);
  return Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_IDLE_SECONDS;
}

interface IdleLockValue {
  lockNow(): void;
  idleSeconds: number;
  setIdleSeconds(seconds: number): void;
  /** Null until the user's record name is known (a moment after mount). */
  pins: PinStore | null;
}

const IdleLockContext = createContext<IdleLockValue | null>(null);

export function useIdleLock(): IdleLockValue | null {
  return useContext(IdleLockContext);
}

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

export function IdleLock({
  server,
  user,
  dataKey,
  children,
}: {
  server: string;
  user: SessionUser;
  dataKey: DataKey;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [locked, setLocked] = useState(false);
  const [idleSeconds, setIdle] = useState(readIdleSeconds);
  const [pins, setPins] = useState<PinStore | null>(null);
  const lastActivity = useRef(0);

  useEffect(() => {
    let active = true;
    void userDataKey(server, user.name).then((id) => {
      if (active) setPins(createPinStore(preferenceStore(), dataKey, id));
    });
    return () => {
      active = false;
    };
  }, [server, user.name, dataKey]);

  useEffect(() => {
    if (locked) return undefined;
    lastActivity.current = Date.now();
    const touch = () => {
      lastActivity.current = Date.now();
    };
    for (const type of ACTIVITY) window.addEventListener(type, touch, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (Date.now() - lastActivity.current >= idleSeconds * 1000) setLocked(true);
    }, 1000);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, touch, { capture: true });
    };
  }, [locked, idleSeconds]);

  useEffect(() => {
    // While locked: no notification content, and no key handed to another tab.
    setNotificationsPrivate(locked ? { title: t('app.name'), body: t('lock.notificationHidden') } : null);
    appKeyring().setSharing(!locked);
  }, [locked, t]);
  useEffect(
    () => () => {
      setNotificationsPrivate(null);
      appKeyring().setSharing(true);
    },
    [],
  );

  const setIdleSeconds = useCallback((seconds: number) => {
    preferenceStore().setItem(IDLE_SECONDS_KEY, String(seconds));
    setIdle(seconds);
  }, []);
  const lockNow = useCallback(() => setLocked(true), []);
  const value = useMemo(
    () => ({ lockNow, idleSeconds, setIdleSeconds, pins }),
    [lockNow, idleSeconds, setIdleSeconds, pins],
  );

  return (
    <IdleLockContext.Provider value={value}>
      {locked ? (
        <LockScreen server={server} user={user} pins={pins} onUnlocked={() => setLocked(false)} />
      ) : null}
      {/* display: contents while unlocked, so the wrapper changes nothing in the shell's layout. */}
      <div
        hidden={locked}
        inert={locked}
        style={locked ? undefined : { display: 'contents' }}
        data-testid="app-content"
      >
        {children}
      </div>
    </IdleLockContext.Provider>
  );
}
