import type { TertibBridge } from '../../../domain/ipc';
import type { IpcResult } from '../../../domain/ipc';
import type { KeyValueStore } from './key-value-store';

/** Where the bearer token for one sync-server is kept. Only cross-origin clients use one. */
export interface TokenStore {
  get(server: string): Promise<string | null>;
  set(server: string, token: string): Promise<void>;
  clear(server: string): Promise<void>;
}

function unwrap<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new Error(`bridge: ${result.error}`);
  return result.value;
}

/** Electron: the main process keeps the token, encrypted with `safeStorage`. */
export class BridgeTokenStore implements TokenStore {
  constructor(private readonly bridge: TertibBridge) {}

  async get(server: string): Promise<string | null> {
    return unwrap(await this.bridge.getToken(server));
  }

  async set(server: string, token: string): Promise<void> {
    unwrap(await this.bridge.setToken(server, token));
  }

  async clear(server: string): Promise<void> {
    unwrap(await this.bridge.clearToken(server));
  }
}

export const tokenStorageKey = (server: string): string => `tertib.token:${server}`;

/**
 * Fallback outside Electron when the renderer is served from another origin than the server (a
 * development server, or the e2e test that reproduces Electron's cross-origin setup in plain Chromium).
 * The token then sits in `localStorage`, readable by script on the renderer's origin; the strict CSP
 * (no inline or foreign script) is what protects it. Production never takes this path: web mode is
 * same-origin and uses the HttpOnly cookie, and Electron uses `BridgeTokenStore`.
 */
export class LocalTokenStore implements TokenStore {
  constructor(private readonly store: KeyValueStore) {}

  async get(server: string): Promise<string | null> {
    return this.store.getItem(tokenStorageKey(server));
  }

  async set(server: string, token: string): Promise<void> {
    this.store.setItem(tokenStorageKey(server), token);
  }

  async clear(server: string): Promise<void> {
    this.store.removeItem(tokenStorageKey(server));
  }
}
