import { describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '../../../domain/api';
import { MemoryStore } from '../platform/key-value-store';
import { LocalTokenStore } from '../platform/token-store';
import { ApiClient, transportFor } from './api-client';
import { ApiRequestError, parseRetryAfter } from './api-error';

const SERVER = 'http://127.0.0.1:4984';
const user: SessionUser = { name: 'budi', role: 'officer', team: 'Regu 1', region: null };

interface Call {
  url: string;
  init: RequestInit;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function setup(options: {
  pageOrigin: string | null;
  respond: (call: Call) => Response | Promise<Response>;
}) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return options.respond(call);
  }) as unknown as typeof globalThis.fetch;
  const tokens = new LocalTokenStore(new MemoryStore());
  const onUnauthorized = vi.fn();
  const client = new ApiClient({
    server: SERVER,
    fetch,
    tokens,
    pageOrigin: options.pageOrigin,
    onUnauthorized,
  });
  return { client, calls, tokens, onUnauthorized };
}

const header = (call: Call | undefined, name: string): string | undefined =>
  (call?.init.headers as Record<string, string> | undefined)?.[name];

async function caught(promise: Promise<unknown>): Promise<ApiRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiRequestError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

describe('transportFor', () => {
  it.each([
    ['http://127.0.0.1:4984', 'http://127.0.0.1:4984', 'cookie'],
    ['http://127.0.0.1:4984/base', 'http://127.0.0.1:4984', 'cookie'],
    ['http://127.0.0.1:4984', 'http://localhost:4984', 'bearer'],
    ['http://127.0.0.1:4984', 'http://127.0.0.1:5173', 'bearer'],
    ['https://tertib.example', 'http://tertib.example', 'bearer'],
    ['http://127.0.0.1:4984', null, 'bearer'],
  ] as const)('server %s on page %s → %s', (server, page, expected) => {
    expect(transportFor(server, page)).toBe(expected);
  });
});

describe('ApiClient, same origin (web mode)', () => {
  it('logs in with the cookie and keeps no token', async () => {
    const { client, calls, tokens } = setup({
      pageOrigin: SERVER,
      respond: () => json(200, { ok: true, user, token: 'tok', expiresAt: '2030-01-01T00:00:00Z' }),
    });
    expect(client.transport).toBe('cookie');
    const response = await client.login('budi', 'rahasia123');
    expect(response.user).toEqual(user);
    expect(calls[0]?.url).toBe(`${SERVER}/api/session`);
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.credentials).toBe('include');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ name: 'budi', password: 'rahasia123' });
    expect(header(calls[0], 'Content-Type')).toBe('application/json');
    expect(await tokens.get(SERVER)).toBeNull();
  });

  it('asks the server for the session even without a token', async () => {
    const { client, calls } = setup({
      pageOrigin: SERVER,
      respond: () => json(200, { ok: true, user, expiresAt: '2030-01-01T00:00:00Z' }),
    });
    expect((await client.session())?.user).toEqual(user);
    expect(calls[0]?.init.credentials).toBe('include');
    expect(header(calls[0], 'Authorization')).toBeUndefined();
  });
});

describe('ApiClient, cross origin (Electron, e2e)', () => {
  it('stores the token from login and sends it as a bearer token without cookies', async () => {
    const { client, calls, tokens } = setup({
      pageOrigin: null,
      respond: (call) =>
        call.init.method === 'POST'
          ? json(200, { ok: true, user, token: 'tok-123', expiresAt: '2030-01-01T00:00:00Z' })
          : json(200, { ok: true, user, expiresAt: '2030-01-01T00:00:00Z' }),
    });
    expect(client.transport).toBe('bearer');
    await client.login('budi', 'rahasia123');
    expect(calls[0]?.init.credentials).toBe('omit');
    expect(header(calls[0], 'Authorization')).toBeUndefined();
    expect(await tokens.get(SERVER)).toBe('tok-123');

    await client.session();
    expect(calls[1]?.init.credentials).toBe('omit');
    expect(header(calls[1], 'Authorization')).toBe('Bearer tok-123');
  });

  it('does not ask for a session it has no token for', async () => {
    const { client, calls } = setup({ pageOrigin: 'http://127.0.0.1:5173', respond: () => json(500, {}) });
    expect(await client.session()).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it('forgets a token the server rejects, without raising the session-expired signal', async () => {
    const { client, tokens, onUnauthorized } = setup({
      pageOrigin: null,
      respond: () => json(401, { ok: false, error: 'session_expired', reason: 'expired' }),
    });
    await tokens.set(SERVER, 'old');
    expect(await client.session()).toBeNull();
    expect(await tokens.get(SERVER)).toBeNull();
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('refuses a login response without a token', async () => {
    const { client } = setup({
      pageOrigin: null,
      respond: () => json(200, { ok: true, user, expiresAt: '2030-01-01T00:00:00Z' }),
    });
    expect((await caught(client.login('budi', 'x'))).code).toBe('invalid_response');
  });

  it('logout deletes the session and clears the token, even when the server is unreachable', async () => {
    let reachable = true;
    const { client, calls, tokens } = setup({
      pageOrigin: null,
      respond: () => {
        if (!reachable) throw new TypeError('Failed to fetch');
        return json(200, { ok: true });
      },
    });
    await tokens.set(SERVER, 'tok');
    await client.logout();
    expect(calls[0]?.init.method).toBe('DELETE');
    expect(header(calls[0], 'Authorization')).toBe('Bearer tok');
    expect(await tokens.get(SERVER)).toBeNull();

    reachable = false;
    await tokens.set(SERVER, 'tok2');
    expect((await caught(client.logout())).code).toBe('network');
    expect(await tokens.get(SERVER)).toBeNull();
  });
});

describe('ApiClient error mapping', () => {
  const cases: Array<[string, () => Response, string, number | null]> = [
    [
      'wrong password',
      () => json(401, { ok: false, error: 'invalid_credentials', reason: 'bad' }),
      'invalid_credentials',
      null,
    ],
    [
      'disabled',
      () => json(403, { ok: false, error: 'account_disabled', reason: 'off' }),
      'account_disabled',
      null,
    ],
    [
      'rate limited',
      () =>
        json(429, { ok: false, error: 'too_many_requests', reason: 'slow down' }, { 'Retry-After': '42' }),
      'too_many_requests',
      42,
    ],
    ['rate limited, no body', () => new Response('busy', { status: 429 }), 'too_many_requests', null],
    [
      'bad request',
      () => json(400, { ok: false, error: 'bad_request', reason: 'name' }),
      'bad_request',
      null,
    ],
    ['unknown code → from status', () => json(409, { ok: false, error: 'weird' }), 'conflict', null],
    ['HTML error page', () => new Response('<h1>502</h1>', { status: 502 }), 'internal', null],
    [
      '200 but not JSON (captive portal)',
      () => new Response('<html>', { status: 200 }),
      'invalid_response',
      null,
    ],
  ];

  it.each(cases)('%s', async (_name, respond, code, retryAfter) => {
    const { client } = setup({ pageOrigin: SERVER, respond });
    const error = await caught(client.login('budi', 'x'));
    expect(error.code).toBe(code);
    expect(error.retryAfterSeconds).toBe(retryAfter);
  });

  it('maps a failed fetch to a network error', async () => {
    const { client } = setup({
      pageOrigin: SERVER,
      respond: () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const error = await caught(client.login('budi', 'x'));
    expect(error.code).toBe('network');
    expect(error.status).toBe(0);
  });

  it('abandons a request that takes too long', async () => {
    const fetch = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as unknown as typeof globalThis.fetch;
    const client = new ApiClient({
      server: SERVER,
      fetch,
      tokens: new LocalTokenStore(new MemoryStore()),
      pageOrigin: SERVER,
      timeoutMs: 10,
    });
    expect((await caught(client.health())).code).toBe('network');
  });

  it('signals an expired session on a 401 from an authenticated call', async () => {
    const { client, onUnauthorized } = setup({
      pageOrigin: SERVER,
      respond: () => json(401, { ok: false, error: 'session_expired', reason: 'expired' }),
    });
    expect((await caught(client.listUsers())).code).toBe('session_expired');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not treat a failed login as an expired session', async () => {
    const { client, onUnauthorized } = setup({
      pageOrigin: SERVER,
      respond: () => json(401, { ok: false, error: 'invalid_credentials', reason: 'bad' }),
    });
    await caught(client.login('budi', 'x'));
    expect(onUnauthorized).not.toHaveBeenCalled();
  });
});

describe('ApiClient users', () => {
  it('escapes the user name in the disable path', async () => {
    const { client, calls } = setup({ pageOrigin: SERVER, respond: () => json(200, { ok: true }) });
    await client.disableUser('a/b ?c');
    expect(calls[0]?.url).toBe(`${SERVER}/api/users/a%2Fb%20%3Fc/disable`);
    expect(calls[0]?.init.method).toBe('POST');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    [null, null],
    ['30', 30],
    [' 5 ', 5],
    ['0', 1],
    ['Wed, 01 Jan 2025 00:01:00 GMT', 60],
    ['soon', null],
    ['-3', null],
  ] as const)('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('getStats', () => {
  it('asks for the range it is given and refuses an answer that is not statistics', async () => {
    const { client, calls } = setup({
      pageOrigin: SERVER,
      respond: (call) =>
        call.url.includes('to=')
          ? json(200, { ok: true, byStatus: [], generatedAt: '2026-11-30T00:00:00.000Z' })
          : json(200, { ok: true }),
    });
    await client.getStats({ from: '2026-11-01', to: '2026-11-30' });
    expect(calls[0]?.url).toBe(`${SERVER}/api/stats?from=2026-11-01&to=2026-11-30`);
    const error = await caught(client.getStats({ from: null, to: null }));
    expect(calls[1]?.url).toBe(`${SERVER}/api/stats`);
    expect(error.code).toBe('invalid_response');
  });
});
