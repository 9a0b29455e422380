// Pure decisions of the offline app shell's service worker, kept apart from the worker so they are unit
// tested in Node (routes.test.ts).

export const SHELL_CACHE_PREFIX = 'tertib-shell-';

export const shellCacheName = (buildHash: string): string => SHELL_CACHE_PREFIX + buildHash;

/** Caches this worker owns that belong to another build: deleted on activate. */
export const staleShellCaches = (names: readonly string[], current: string): string[] =>
  names.filter((name) => name.startsWith(SHELL_CACHE_PREFIX) && name !== current);

export type Route =
  /** Not ours to handle (other origin, not GET, anything not in the build): the browser does it. */
  | { kind: 'passthrough' }
  /** The sync-server's API and replication endpoints: always the network, never a cached answer. */
  | { kind: 'network-only' }
  /** A page load: the network first (to pick up a new build), the cached index.html when offline. */
  | { kind: 'navigation' }
  /** A file of this build: from the cache, the network only if the cache lost it. */
  | { kind: 'precached'; path: string };

export interface RequestFacts {
  url: string;
  method: string;
  mode: string;
}

/**
 * `scope` is the worker's registration scope (the app's base URL, ending in '/'); `precache` holds paths
 * relative to it ('index.html', 'assets/index-abc.js').
 */
export function routeFor(request: RequestFacts, scope: string, precache: ReadonlySet<string>): Route {
  if (request.method !== 'GET') return { kind: 'passthrough' };
  let url: URL;
  let base: URL;
  try {
    url = new URL(request.url);
    base = new URL(scope);
  } catch {
    return { kind: 'passthrough' };
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return { kind: 'passthrough' };
  const path = url.pathname.slice(base.pathname.length);
  if (path === 'api' || path.startsWith('api/') || path === 'db' || path.startsWith('db/')) {
    return { kind: 'network-only' };
  }
  if (request.mode === 'navigate') return { kind: 'navigation' };
  if (precache.has(path)) return { kind: 'precached', path };
  return { kind: 'passthrough' };
}
