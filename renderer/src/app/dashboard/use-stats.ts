import { useCallback, useEffect, useState } from 'react';
import { useDataKey } from '../../data/keys/data-key-context';
import type { StatsResponse } from '../../../../domain/api';
import type { ApiClient } from '../../api/api-client';
import { preferenceStore } from '../../platform';
import { readCachedStats, writeCachedStats } from './stats-cache';
import type { DayRange } from './stats-format';

export interface StatsView {
  /** The figures shown: the server's answer for this range, else the last cached answer (any range). */
  data: StatsResponse | null;
  source: 'server' | 'cache' | null;
  loading: boolean;
  /** Why the server's figures are not shown (offline, forbidden…); null when they are. */
  error: unknown;
  reload: () => void;
}

interface Answer {
  /** Which request this answers: loading while it is not the current one. */
  request: string;
  data: StatsResponse | null;
  source: 'server' | 'cache' | null;
  error: unknown;
}

/** `/api/stats` for a range through the session's client, with the last answer kept for offline use. */
export function useStats(client: ApiClient, user: string, range: DayRange): StatsView {
  const store = preferenceStore();
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const { from, to } = range;
  const request = `${client.server}|${user}|${from ?? ''}|${to ?? ''}|${attempt}`;
  const key = useDataKey();
  // The sealed copy opens asynchronously: until then (and without one) nothing cached is shown.
  const [cachedFor, setCachedFor] = useState<{ id: string; data: StatsResponse | null } | null>(null);
  const cacheId = `${client.server}\n${user}`;
  const cached = cachedFor?.id === cacheId ? cachedFor.data : null;
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    let active = true;
    void readCachedStats(store, client.server, user, key).then((data) => {
      if (active) setCachedFor({ id: `${client.server}\n${user}`, data });
    });
    return () => {
      active = false;
    };
  }, [store, client.server, user, key]);

  // Back online: fetch again, so the cached figures do not linger once fresh ones can be had.
  useEffect(() => {
    window.addEventListener('online', reload);
    return () => window.removeEventListener('online', reload);
  }, [reload]);

  useEffect(() => {
    let cancelled = false;
    client.getStats({ from, to }).then(
      (stats) => {
        if (cancelled) return;
        void writeCachedStats(store, client.server, user, key, stats);
        setAnswer({ request, data: stats, source: 'server', error: null });
      },
      async (error: unknown) => {
        const saved = await readCachedStats(store, client.server, user, key);
        if (cancelled) return;
        setAnswer({ request, data: saved, source: saved ? 'cache' : null, error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, store, user, key, from, to, request]);

  // While a new range loads, the previous figures stay on screen (or the cached ones at first).
  const shown = answer ?? { request: '', data: cached, source: cached ? 'cache' : null, error: null };
  return {
    data: shown.data,
    source: shown.source,
    error: shown.error,
    loading: shown.request !== request,
    reload,
  };
}
