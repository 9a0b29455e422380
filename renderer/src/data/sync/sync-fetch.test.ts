import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../api/api-client';
import { MemoryStore } from '../../platform/key-value-store';
import { LocalTokenStore } from '../../platform/token-store';
import { AuthRequiredError, createSyncFetch, SyncNetworkError, SyncServerError } from './sync-fetch';

const SERVER = 'http://127.0.0.1:4984';

interface Call {
  url: string;
  init: RequestInit;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function client(pageOrigin: string | null, respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const tokens = new LocalTokenStore(new MemoryStore());
  await tokens.set(SERVER, 'tok-1');
  const api = new ApiClient({
    server: SERVER,
    tokens,
    pageOrigin,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const call = { url: String(input), init: init ?? {} };
      calls.push(call);
      return respond(call);
    }) as typeof fetch,
    onUnauthorized: () => {
      throw new Error('a sync 401 must not end the session');
    },
  });
  return { api, calls, tokens };
}

describe('ApiClient.authorizedFetch (the transport the replicators use)', () => {
  it('cross-origin: bearer token, no cookies, replacing what PouchDB set', async () => {
    const { api, calls } = await client('http://127.0.0.1:5173', () => json(200, {}));
    const headers = new Headers({ Authorization: 'Basic eHg6eXk=', 'content-type': 'application/json' });
    await api.authorizedFetch(`${SERVER}/db/photos/_bulk_docs`, { method: 'POST', headers, credentials: 'include' });
    const sent = calls[0]!;
    expect(sent.init.credentials).toBe('omit');
    expect(new Headers(sent.init.headers).get('authorization')).toBe('Bearer tok-1');
    expect(new Headers(sent.init.headers).get('content-type')).toBe('application/json');
  });

  it('same origin: the cookie, no token', async () => {
    const { api, calls } = await client(SERVER, () => json(200, {}));
    await api.authorizedFetch(`${SERVER}/db/reports/`);
    expect(calls[0]!.init.credentials).toBe('include');
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBeNull();
  });

  it('never sends the token to another server', async () => {
    const { api, calls } = await client(null, () => json(200, {}));
    for (const url of ['http://evil.test/db/', `${SERVER}.evil.test/db/`, `${SERVER}@evil.test/`, 'db/reports']) {
      await expect(api.authorizedFetch(url)).rejects.toThrow(TypeError);
    }
    expect(calls).toEqual([]);
  });

  it('returns a 401 as is, without ending the session', async () => {
    const { api, tokens } = await client(null, () => json(401, { error: 'unauthorized' }));
    expect((await api.authorizedFetch(`${SERVER}/db/reports/_changes`)).status).toBe(401);
    expect(await tokens.get(SERVER)).toBe('tok-1');
  });
});

describe('createSyncFetch', () => {
  const hooks = () => ({
    onUnauthorized: vi.fn(),
    onServerHolds: vi.fn(async () => undefined),
    onRefused: vi.fn(async () => undefined),
  });

  it('rewrites refused _bulk_docs rows after recording them, and reports what the server accepted', async () => {
    const h = hooks();
    const { api } = await client(null, () =>
      json(201, [
        { id: 'r1', ok: true, rev: '1-a' },
        { id: 'r2', error: 'forbidden', reason: 'Unknown or retired category "x".' },
      ]),
    );
    const f = createSyncFetch((u, i) => api.authorizedFetch(u, i), h);
    const res = await f(`${SERVER}/db/reports/_bulk_docs?`, { method: 'POST', body: '{"docs":[]}' });
    expect(await res.json()).toEqual([
      { id: 'r1', ok: true, rev: '1-a' },
      { id: 'r2', ok: true, rev: '0-refused' },
    ]);
    expect(h.onRefused).toHaveBeenCalledWith([
      { id: 'r2', error: 'forbidden', reason: 'Unknown or retired category "x".' },
    ]);
    expect(h.onServerHolds).toHaveBeenCalledWith(['r1'], 'pushed');
  });

  it('reports pulled and already-held ids from _changes and _all_docs, passing the body through', async () => {
    const h = hooks();
    const changes = { results: [{ id: 'r3', seq: '1', doc: { _id: 'r3' } }], last_seq: '1' };
    const allDocs = { rows: [{ id: 'r4', key: 'r4', value: { rev: '1-x' }, doc: { _id: 'r4' } }] };
    const f = createSyncFetch(async (url) => json(200, url.includes('_changes') ? changes : allDocs), h);
    expect(await (await f(`${SERVER}/db/reports/_changes?since=0`)).json()).toEqual(changes);
    expect(await (await f(`${SERVER}/db/reports/_all_docs?`, { method: 'POST' })).json()).toEqual(allDocs);
    expect(h.onServerHolds.mock.calls).toEqual([
      [['r3'], 'pulled'],
      [['r4'], 'pushed'],
    ]);
  });

  it('turns a 401 into AuthRequiredError (once per request) and failures into typed errors', async () => {
    const h = hooks();
    const statuses = [401, 503, 429];
    const f = createSyncFetch(async () => json(statuses.shift() ?? 200, { reason: 'sibuk' }), h);
    await expect(f(`${SERVER}/db/reports/_changes`)).rejects.toBeInstanceOf(AuthRequiredError);
    expect(h.onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(f(`${SERVER}/db/reports/_changes`)).rejects.toMatchObject({ status: 503 });
    await expect(f(`${SERVER}/db/reports/_changes`)).rejects.toBeInstanceOf(SyncServerError);
    // 404 is an answer PouchDB expects (a missing checkpoint): passed through.
    const g = createSyncFetch(async () => json(404, { error: 'not_found' }), h);
    expect((await g(`${SERVER}/db/photos/_local/x`)).status).toBe(404);
    const down = createSyncFetch(async () => {
      throw new TypeError('Failed to fetch');
    }, h);
    await expect(down(`${SERVER}/db/reports/`)).rejects.toBeInstanceOf(SyncNetworkError);
  });

  it.each([
    [503, { ok: false, error: 'backend_credential', reason: 'The database refuses…' }, 'backend_credential'],
    [500, { ok: false, error: 'internal', reason: 'The server could not complete the request.' }, 'internal'],
    [500, 'not json', 'internal'],
    [429, {}, 'too_many_requests'],
  ])('carries the server error code of a %i, so the sync bar can say it in the user language', async (status, body, code) => {
    const f = createSyncFetch(async () => json(status, body), hooks());
    await expect(f(`${SERVER}/db/reports/_changes`)).rejects.toMatchObject({ status, code });
  });

  it('turns a request that never answers into a network failure at its deadline', async () => {
    const f = createSyncFetch(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new DOMException('timed out', 'TimeoutError'))),
        ),
      hooks(),
      undefined,
      50,
    );
    await expect(f(`${SERVER}/db/photos/_bulk_docs`, { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(
      SyncNetworkError,
    );
  });

  it('aborts in-flight requests when the engine stops, without calling it a network failure', async () => {
    const stop = new AbortController();
    const f = createSyncFetch(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
      hooks(),
      stop.signal,
    );
    const pending = f(`${SERVER}/db/reports/_changes?feed=longpoll`);
    stop.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('createSyncFetch request compression', () => {
  const hooks = { onUnauthorized: () => undefined };
  const gunzip = async (body: unknown) =>
    new Response(new Blob([body as Blob]).stream().pipeThrough(new DecompressionStream('gzip'))).text();

  it('gzips a large _bulk_docs body, and leaves small bodies and other requests as they are', async () => {
    const calls: Call[] = [];
    const f = createSyncFetch(async (url, init = {}) => {
      calls.push({ url, init });
      return json(201, []);
    }, hooks);
    const large = JSON.stringify({ docs: Array.from({ length: 200 }, (_, i) => ({ _id: `r${i}`, text: 'x'.repeat(40) })) });
    await f(`${SERVER}/db/reports/_bulk_docs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: large });
    await f(`${SERVER}/db/reports/_bulk_docs`, { method: 'POST', body: '{"docs":[]}' });
    await f(`${SERVER}/db/reports/_all_docs`, { method: 'POST', body: large });
    const [packed, small, other] = calls;
    expect(new Headers(packed!.init.headers).get('content-encoding')).toBe('gzip');
    expect(new Headers(packed!.init.headers).get('content-type')).toBe('application/json');
    expect((packed!.init.body as Blob).size).toBeLessThan(large.length / 4);
    expect(await gunzip(packed!.init.body)).toBe(large);
    expect(small!.init.body).toBe('{"docs":[]}');
    expect(new Headers(small!.init.headers).get('content-encoding')).toBeNull();
    expect(other!.init.body).toBe(large);
  });
});
