import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../domain/api';
import { MemoryStore } from '../platform/key-value-store';
import { LocalTokenStore } from '../platform/token-store';
import { ApiClient } from './api-client';
import { SessionCache, defaultServer } from './session-cache';
import { restoreSession, signIn, signOut } from './session-flow';

const SERVER = 'http://127.0.0.1:4984';
const user: SessionUser = { name: 'sari', role: 'supervisor', team: null, region: '31.71' };
const expiresAt = '2030-01-01T00:00:00Z';

function setup(respond: (init: RequestInit) => Response) {
  const store = new MemoryStore();
  const cache = new SessionCache(store);
  const tokens = new LocalTokenStore(store);
  const fetch = (async (_url: string, init: RequestInit) =>
    respond(init)) as unknown as typeof globalThis.fetch;
  const client = new ApiClient({ server: SERVER, fetch, tokens, pageOrigin: null });
  return { cache, tokens, client };
}

const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
const unauthorized = () =>
  new Response(JSON.stringify({ ok: false, error: 'unauthorized', reason: 'no' }), { status: 401 });

describe('session flow', () => {
  it('signs in, remembers the server and restores the session on reload', async () => {
    const { cache, client } = setup((init) =>
      init.method === 'POST'
        ? ok({ ok: true, user, token: 't', expiresAt })
        : ok({ ok: true, user, expiresAt }),
    );
    expect(await signIn(client, cache, 'sari', 'pw')).toMatchObject({ status: 'signed-in', user });
    expect(cache.rememberedServer()).toBe(SERVER);
    expect(await restoreSession(client, cache)).toEqual({
      status: 'signed-in',
      user,
      expiresAt,
      verified: true,
    });
  });

  it('says the session expired when the server rejects one this device had', async () => {
    const { cache, client, tokens } = setup(unauthorized);
    cache.save(SERVER, { user, expiresAt });
    await tokens.set(SERVER, 'old');
    expect(await restoreSession(client, cache)).toEqual({ status: 'signed-out', notice: 'expired' });
    expect(cache.load(SERVER)).toBeNull();
  });

  it('shows a plain login when there never was a session', async () => {
    const { cache, client } = setup(unauthorized);
    expect(await restoreSession(client, cache)).toEqual({ status: 'signed-out', notice: null });
    expect(await restoreSession(null, cache)).toEqual({ status: 'signed-out', notice: null });
  });

  it('keeps the last user signed in on the device when the server cannot be reached', async () => {
    const { cache, client, tokens } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    await tokens.set(SERVER, 't');
    expect(await restoreSession(client, cache)).toEqual({
      status: 'signed-out',
      notice: 'restore-unreachable',
    });
    cache.save(SERVER, { user, expiresAt });
    expect(await restoreSession(client, cache)).toEqual({
      status: 'signed-in',
      user,
      expiresAt,
      verified: false,
    });
  });

  it('signs out locally even when the server does not hear it', async () => {
    const { cache, client, tokens } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    cache.save(SERVER, { user, expiresAt });
    await tokens.set(SERVER, 't');
    expect(await signOut(client, cache)).toEqual({ status: 'signed-out', notice: 'logout-unconfirmed' });
    expect(cache.load(SERVER)).toBeNull();
    expect(await tokens.get(SERVER)).toBeNull();
  });
});

describe('defaultServer', () => {
  it.each([
    [
      { remembered: 'http://10.0.0.2:4984', configured: 'https://a.example', pageOrigin: null },
      'http://10.0.0.2:4984',
    ],
    [
      { remembered: null, configured: 'https://a.example/', pageOrigin: 'http://b.example' },
      'https://a.example',
    ],
    [{ remembered: null, configured: null, pageOrigin: 'http://b.example:4984' }, 'http://b.example:4984'],
    [{ remembered: null, configured: 'garbage', pageOrigin: null }, 'http://127.0.0.1:4984'],
    [{ remembered: null, configured: null, pageOrigin: null }, 'http://127.0.0.1:4984'],
  ])('%j → %s', (options, expected) => {
    expect(defaultServer(options)).toBe(expected);
  });

  it('ignores a tampered remembered server', () => {
    const store = new MemoryStore();
    store.setItem('tertib.server', 'javascript:alert(1)');
    expect(new SessionCache(store).rememberedServer()).toBeNull();
  });
});
