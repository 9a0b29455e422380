// The offline app shell for web mode (never registered in Electron, whose app:// protocol serves the files
// from disk). Built by the `tertib:service-worker` plugin in renderer/vite.config.ts into `sw.js` at the build
// root, with the build's file list and hash compiled in. Not type-checked with the WebWorker lib (it would
// clash with the renderer's DOM lib), so the few worker types it needs are declared here.

import { routeFor, shellCacheName, staleShellCaches } from './routes';

declare const __TERTIB_PRECACHE__: readonly string[];
declare const __TERTIB_BUILD_HASH__: string;

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as WorkerScope;
const CACHE = shellCacheName(__TERTIB_BUILD_HASH__);
const PRECACHE = new Set(__TERTIB_PRECACHE__);
const INDEX = 'index.html';

const scopeUrl = (path: string): string => new URL(path, worker.registration.scope).href;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `reload` bypasses the HTTP cache: the server marks assets immutable, and a half-updated cache
      // mixing two builds is exactly what a build hash is meant to prevent.
      await cache.addAll([...PRECACHE].map((path) => new Request(scopeUrl(path), { cache: 'reload' })));
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await Promise.all(staleShellCaches(await caches.keys(), CACHE).map((name) => caches.delete(name)));
      await worker.clients.claim();
    })(),
  );
});

async function fromCache(path: string): Promise<Response | undefined> {
  const cache = await caches.open(CACHE);
  return cache.match(scopeUrl(path));
}

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const route = routeFor(request, worker.registration.scope, PRECACHE);
  switch (route.kind) {
    case 'passthrough':
    case 'network-only':
      // Not calling respondWith leaves the request to the browser: straight to the network, uncached.
      return;
    case 'navigation':
      event.respondWith(
        fetch(request).catch(async (err: unknown) => {
          const index = await fromCache(INDEX);
          if (index) return index;
          throw err;
        }),
      );
      return;
    case 'precached':
      event.respondWith(fromCache(route.path).then((hit) => hit ?? fetch(request)));
      return;
  }
});
