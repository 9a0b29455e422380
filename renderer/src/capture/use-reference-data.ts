import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../api/api-client';
import {
  cachedReferenceData,
  clientFetcher,
  refreshReferenceData,
  type ReferenceData,
} from '../api/reference-data';
import { preferenceStore } from '../platform';

/** Categories and capture settings: the cached copy at once, then the server's when it answers. */
export function useReferenceData(client: ApiClient | null): ReferenceData {
  const store = preferenceStore();
  const server = client?.server ?? null;
  const cached = useMemo(() => cachedReferenceData(store, server), [store, server]);
  const [fresh, setFresh] = useState<{ server: string; data: ReferenceData } | null>(null);

  useEffect(() => {
    if (client === null) return undefined;
    let cancelled = false;
    void refreshReferenceData(clientFetcher(client), store, client.server).then((data) => {
      if (!cancelled) setFresh({ server: client.server, data });
    });
    return () => {
      cancelled = true;
    };
  }, [client, store]);

  return fresh !== null && fresh.server === server ? fresh.data : cached;
}
