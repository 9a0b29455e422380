import { useCallback, useEffect, useRef, useState } from 'react';
import { GnssLink, webSerial, type GnssFix, type GnssLinkState } from './gnss-link';

export interface GnssReceiver {
  state: GnssLinkState;
  /** False where the browser has no Web Serial: the source is offered with that said. */
  supported: boolean;
  /** Asks for the port and opens it (call from a click: `requestPort` needs a user gesture). */
  connect(baudRate: number): void;
  disconnect(): void;
  /** The fix that is current at this moment (read at save time, never a remembered one). */
  currentFix(): GnssFix | null;
}

/** What changes what the officer sees: re-render on these only (the age is shown in whole seconds). */
const viewKey = (s: GnssLinkState) =>
  `${s.status}|${s.baudRate}|${s.fix?.fixedAt ?? ''}|${s.badLines}|${s.last === null || s.fix !== null ? '' : Math.floor((s.lastAgeMs ?? 0) / 1000)}`;

/**
 * The external receiver while the capture screen is open (capture/gnss-link.ts does the work). The link is
 * ticked once a second so silence and staleness show without new data; the port closes with the screen.
 */
export function useGnssReceiver(): GnssReceiver {
  const [link] = useState(() => new GnssLink());
  const [state, setState] = useState<GnssLinkState>(() => link.state());
  const shown = useRef(viewKey(state));

  useEffect(() => {
    const unsubscribe = link.subscribe((next) => {
      const key = viewKey(next);
      if (key === shown.current) return;
      shown.current = key;
      setState(next);
    });
    const timer = setInterval(() => link.tick(), 1_000);
    return () => {
      clearInterval(timer);
      unsubscribe();
      void link.disconnect();
    };
  }, [link]);

  const connect = useCallback(
    (baudRate: number) => {
      const serial = webSerial();
      if (serial !== null) void link.connect(serial, baudRate);
    },
    [link],
  );
  const disconnect = useCallback(() => void link.disconnect(), [link]);
  const currentFix = useCallback(() => link.state().fix, [link]);
  return { state, supported: webSerial() !== null, connect, disconnect, currentFix };
}
