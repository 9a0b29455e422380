import { useEffect, useState } from 'react';
import { useSession } from '../../api/use-session';
import { loadBasemap, type Basemap } from './basemap';

export type BasemapState = { status: 'loading' } | { status: 'none' } | { status: 'ready'; basemap: Basemap };

// One description per server and page load: every map on every screen shares the reader and its caches.
const loaded = new Map<string, Promise<Basemap | null>>();

/** The server's offline basemap for the maps, or `none` (then they show a plain background and say so). */
export function useBasemap(): BasemapState {
  const { client } = useSession();
  const [state, setState] = useState<BasemapState>({ status: 'loading' });
  useEffect(() => {
    if (!client) return undefined;
    let active = true;
    let p = loaded.get(client.server);
    if (!p) {
      p = loadBasemap(client.server, (url, init) => client.authorizedFetch(url, init));
      // A failure is not remembered: the next map asks again.
      p.catch(() => loaded.delete(client.server));
      loaded.set(client.server, p);
    }
    p.then(
      (basemap) => active && setState(basemap ? { status: 'ready', basemap } : { status: 'none' }),
      () => active && setState({ status: 'none' }),
    );
    return () => {
      active = false;
    };
  }, [client]);
  return state;
}
