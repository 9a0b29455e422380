// The signed-in user's open data key, for LocalDataProvider and the caches that seal what they keep. Provided
// by the app's unlock gate (app/lock/DataKeyGate.tsx) once the key is open, and by the e2e lab pages.

import { createContext, useContext } from 'react';
import type { DataKey } from './data-key';

export const DataKeyContext = createContext<DataKey | null>(null);

export function useDataKey(): DataKey {
  const key = useContext(DataKeyContext);
  if (key === null) throw new Error('useDataKey() outside the unlock gate');
  return key;
}
