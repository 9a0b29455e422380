import { useCallback, useEffect, useRef, useState } from 'react';
import { betterFix, isUsableFix, type Fix } from './location-quality';

export type GeoStatus = 'unsupported' | 'waiting' | 'active' | 'denied' | 'unavailable';

export interface GeoState {
  status: GeoStatus;
  /** The latest fix. */
  current: Fix | null;
  /** The most accurate fix seen since the screen opened (or seeded from a restored draft). */
  best: Fix | null;
  /** Start from a fix kept in a restored draft, so a reload does not forget a good fix. */
  seed(fix: Fix): void;
}

export interface GeoCallbacks {
  /** Called from the watch callback whenever `best` improves. */
  onBest?: (fix: Fix) => void;
  /** Called once when the device refuses or cannot give a position. */
  onUnavailable?: (status: 'denied' | 'unavailable') => void;
}

const supported = (): boolean => typeof navigator !== 'undefined' && 'geolocation' in navigator;

/**
 * Watches the device position while the calling screen is mounted (`enableHighAccuracy`: the GNSS chip,
 * not Wi-Fi guesses) and keeps the best fix. The watch ends when the screen closes.
 */
export function useGeolocation(callbacks: GeoCallbacks = {}): GeoState {
  const [status, setStatus] = useState<GeoStatus>(() => (supported() ? 'waiting' : 'unsupported'));
  const [current, setCurrent] = useState<Fix | null>(null);
  const [best, setBest] = useState<Fix | null>(null);
  const bestRef = useRef<Fix | null>(null);
  const statusRef = useRef<GeoStatus>(status);
  const callbacksRef = useRef(callbacks);
  useEffect(() => {
    callbacksRef.current = callbacks;
  });

  const offer = useCallback((fix: Fix, notify: boolean) => {
    const next = betterFix(bestRef.current, fix);
    if (next === bestRef.current || next === null) return;
    bestRef.current = next;
    setBest(next);
    if (notify) callbacksRef.current.onBest?.(next);
  }, []);

  useEffect(() => {
    if (!supported()) return undefined;
    const watchId = navigator.geolocation.watchPosition(
      (position) => {
        const fix: Fix = {
          lat: position.coords.latitude,
          lng: position.coords.longitude,
          accuracyM: position.coords.accuracy,
          fixedAt: new Date(position.timestamp || Date.now()).toISOString(),
        };
        if (!isUsableFix(fix)) return;
        statusRef.current = 'active';
        setStatus('active');
        setCurrent(fix);
        offer(fix, true);
      },
      (error) => {
        // TIMEOUT only means no fix yet (indoors, cold start): keep waiting. The watch goes on after
        // POSITION_UNAVAILABLE too, so a fix may still arrive when the car leaves the garage.
        if (error.code === error.TIMEOUT) return;
        const next = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable';
        const previous = statusRef.current;
        if (previous === next || (previous === 'active' && next === 'unavailable')) return;
        statusRef.current = next;
        setStatus(next);
        callbacksRef.current.onUnavailable?.(next);
      },
      { enableHighAccuracy: true, maximumAge: 0, timeout: 60_000 },
    );
    return () => navigator.geolocation.clearWatch(watchId);
  }, [offer]);

  const seed = useCallback((fix: Fix) => offer(fix, false), [offer]);
  return { status, current, best, seed };
}
