import { describe, expect, it } from 'vitest';
import { routeFor, shellCacheName, staleShellCaches } from './routes';

const scope = 'http://127.0.0.1:4984/';
const precache = new Set(['index.html', 'assets/index-abc.js', 'favicon.svg']);
const get = (url: string, mode = 'cors') => routeFor({ url, method: 'GET', mode }, scope, precache);

describe('service worker routes', () => {
  it.each([
    ['http://127.0.0.1:4984/assets/index-abc.js', { kind: 'precached', path: 'assets/index-abc.js' }],
    ['http://127.0.0.1:4984/favicon.svg?x=1', { kind: 'precached', path: 'favicon.svg' }],
    ['http://127.0.0.1:4984/api/health', { kind: 'network-only' }],
    ['http://127.0.0.1:4984/api', { kind: 'network-only' }],
    ['http://127.0.0.1:4984/db/reports/_changes', { kind: 'network-only' }],
    ['http://127.0.0.1:4984/assets/unknown.js', { kind: 'passthrough' }],
    ['http://127.0.0.1:9999/assets/index-abc.js', { kind: 'passthrough' }],
    ['https://127.0.0.1:4984/assets/index-abc.js', { kind: 'passthrough' }],
    ['http://127.0.0.1:4984/apiary/x', { kind: 'passthrough' }],
    ['not a url', { kind: 'passthrough' }],
  ])('%s → %o', (url, route) => {
    expect(get(url)).toEqual(route);
  });

  it('serves navigations (not API ones) network-first with the offline fallback', () => {
    expect(get('http://127.0.0.1:4984/', 'navigate')).toEqual({ kind: 'navigation' });
    expect(get('http://127.0.0.1:4984/#/laporan/saya', 'navigate')).toEqual({ kind: 'navigation' });
    expect(get('http://127.0.0.1:4984/api/public/stats', 'navigate')).toEqual({ kind: 'network-only' });
  });

  it('never touches writes', () => {
    const post = routeFor(
      { url: scope + 'assets/index-abc.js', method: 'POST', mode: 'cors' },
      scope,
      precache,
    );
    expect(post).toEqual({ kind: 'passthrough' });
  });

  it('respects a scope below the origin root', () => {
    const sub = 'http://h/app/';
    expect(routeFor({ url: 'http://h/app/index.html', method: 'GET', mode: 'cors' }, sub, precache)).toEqual({
      kind: 'precached',
      path: 'index.html',
    });
    expect(routeFor({ url: 'http://h/index.html', method: 'GET', mode: 'cors' }, sub, precache).kind).toBe(
      'passthrough',
    );
  });

  it('deletes only other builds of its own caches', () => {
    const current = shellCacheName('abc');
    expect(staleShellCaches([current, 'tertib-shell-old', 'someone-else'], current)).toEqual([
      'tertib-shell-old',
    ]);
  });
});
