import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import * as platform from '../platform';
import type { KeyValueStore, TokenStore } from '../platform';
import { forgetUserCaches } from '../platform/user-caches';
import { appKeyring, WrongPasswordError } from '../data/keys';
import { ApiClient } from './api-client';
import { SessionCache, defaultServer } from './session-cache';
import { restoreSession, signIn, signOut, type SessionState } from './session-flow';

/** Everything the session needs from the outside world; the defaults come from `platform/`. */
export interface SessionDeps {
  fetch: typeof fetch;
  tokens: TokenStore;
  preferences: KeyValueStore;
  pageOrigin: string | null;
  /** The server a packaged desktop build was configured with. */
  configuredServer: () => Promise<string | null>;
}

export function platformSessionDeps(): SessionDeps {
  return {
    fetch: platform.browserFetch(),
    tokens: platform.tokenStore(),
    preferences: platform.preferenceStore(),
    pageOrigin: platform.pageOrigin(),
    configuredServer: async () => (await platform.appInfo()).defaultServer,
  };
}

export interface SessionContextValue {
  state: SessionState;
  /** The client for the signed-in server; null while signed out. */
  client: ApiClient | null;
  /** What the login form's server field starts with. */
  initialServer: string | null;
  /** Rejects with `ApiRequestError` when the server refuses; `server` must be normalized already. */
  login(server: string, name: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ deps, children }: { deps: SessionDeps; children: ReactNode }) {
  const cache = useMemo(() => new SessionCache(deps.preferences), [deps.preferences]);
  const [state, setState] = useState<SessionState>({ status: 'restoring' });
  const [client, setClient] = useState<ApiClient | null>(null);
  const [initialServer, setInitialServer] = useState<string | null>(null);

  const makeClient = useCallback(
    (server: string): ApiClient =>
      new ApiClient({
        server,
        fetch: deps.fetch,
        tokens: deps.tokens,
        pageOrigin: deps.pageOrigin,
        onUnauthorized: () => {
          cache.forget(server);
          setClient(null);
          setState({ status: 'signed-out', notice: 'expired' });
        },
      }),
    [deps, cache],
  );

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const remembered = cache.rememberedServer();
      const configured = remembered === null ? await deps.configuredServer().catch(() => null) : null;
      const candidate = remembered === null ? null : makeClient(remembered);
      const restored = await restoreSession(candidate, cache);
      if (cancelled) return;
      setInitialServer(defaultServer({ remembered, configured, pageOrigin: deps.pageOrigin }));
      setClient(restored.status === 'signed-in' ? candidate : null);
      setState(restored);
    })();
    return () => {
      cancelled = true;
    };
  }, [cache, deps, makeClient]);

  const login = useCallback(
    async (server: string, name: string, password: string) => {
      const next = makeClient(server);
      const signedIn = await signIn(next, cache, name, password);
      // The server knows this password: open (or, on a first sign-in here, make) the user's data key with it.
      // If the kept key does not open with it, the password was changed elsewhere: the unlock gate asks for
      // the previous one and the key is wrapped again with this one (issue 13).
      const keyring = appKeyring();
      const user = signedIn.status === 'signed-in' ? signedIn.user.name : name;
      await keyring.unlockWithPassword(server, user, password).catch(async (err: unknown) => {
        if (!(err instanceof WrongPasswordError)) throw err;
        await keyring.rememberNewPassword(server, user, password);
      });
      setInitialServer(server);
      setClient(next);
      setState(signedIn);
    },
    [cache, makeClient],
  );

  const logout = useCallback(async () => {
    if (client === null) return;
    const who = state.status === 'signed-in' ? state.user.name : null;
    const signedOut = await signOut(client, cache);
    if (who !== null) {
      await forgetUserCaches(client.server, who);
      // The key closes and its keychain copy goes: on a shared laptop only this user's password opens it again.
      await appKeyring().lock(client.server, who);
    }
    setClient(null);
    setState(signedOut);
  }, [cache, client, state]);

  const value = useMemo(
    () => ({ state, client, initialServer, login, logout }),
    [state, client, initialServer, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession() outside <SessionProvider>');
  return value;
}
