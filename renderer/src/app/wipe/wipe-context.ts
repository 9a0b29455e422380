import { createContext, useContext } from 'react';
import type { WipeOrder } from '../../../../domain/devices';

/** A wipe the signed-in user's sync was told to carry out (issue 13). */
export interface WipeRequest {
  server: string;
  user: string;
  order: WipeOrder;
  /** What is still unsent as the wipe starts (null: could not be counted). */
  unsent: { reports: number | null; photos: number | null };
}

export interface WipeControl {
  /** Unmounts the user's screens (closing their databases), then wipes and shows why. */
  request(wipe: WipeRequest): void;
  /**
   * A sync engine runs for (server, user) and makes the signed contact itself at each pass; the watcher leaves
   * that user alone until the returned function is called. Any other user — signed out, or signed in with the
   * data still locked — the watcher asks about.
   */
  syncing(server: string, user: string): () => void;
}

export const WipeContext = createContext<WipeControl | null>(null);

/** The wipe control, or null outside a WipeProvider (the lab pages, unit tests). */
export function useWipeControl(): WipeControl | null {
  return useContext(WipeContext);
}
