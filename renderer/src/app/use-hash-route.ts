import { useEffect, useSyncExternalStore } from 'react';
import { hrefFor, resolveRoute, type RouteDef, type Role } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = () => window.location.hash;

/** The current screen from the URL hash; a route this role may not see is replaced by its start page. */
export function useHashRoute(role: Role): RouteDef | null {
  const hash = useSyncExternalStore(subscribe, currentHash);
  const { route, redirected } = resolveRoute(hash, role);

  useEffect(() => {
    // replaceState, so Back does not return to the refused address; it fires no hashchange, so notify.
    if (redirected && route) {
      window.history.replaceState(null, '', hrefFor(route));
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
  }, [redirected, route]);

  return route;
}
