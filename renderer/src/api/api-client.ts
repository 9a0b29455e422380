import type {
  CreateUserRequest,
  DirectoryResponse,
  HealthResponse,
  LoginResponse,
  SessionResponse,
  SessionUser,
  StatsResponse,
  UserListResponse,
} from '../../../domain/api';
import type {
  DeviceListResponse,
  DeviceRecord,
  WipeMode,
  DeviceResponse,
  RegisterDeviceRequest,
} from '../../../domain/devices';
import type { TokenStore } from '../platform/token-store';
import { ApiRequestError, errorCodeFor, parseRetryAfter } from './api-error';
import { serverOrigin } from './server-address';

/**
 * How requests authenticate. The server sets an HttpOnly cookie at login; a page on the server's own
 * origin uses it. A page on any other origin (Electron's `app://`, a test serving the renderer elsewhere)
 * cannot rely on it — Chromium withholds `SameSite` cookies from cross-site plain-http requests — so it
 * sends the bearer token from the login response instead.
 */
export type Transport = 'cookie' | 'bearer';

export function transportFor(server: string, pageOrigin: string | null): Transport {
  return pageOrigin !== null && serverOrigin(server) === pageOrigin ? 'cookie' : 'bearer';
}

export interface ApiClientOptions {
  /** A normalized server address (see `parseServerAddress`). */
  server: string;
  fetch: typeof fetch;
  tokens: TokenStore;
  /** The page's web origin, or null when it has none (`app://`, `file://`). */
  pageOrigin: string | null;
  /** Milliseconds before a request is abandoned as a network failure. */
  timeoutMs?: number;
  /** Called when an authenticated request is answered 401: the session ended on the server. */
  onUnauthorized?: () => void;
}

type UserRecord = UserListResponse['users'][number];

interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  /** false for the endpoints that work without a session (health, login). */
  auth?: boolean;
}

export class ApiClient {
  readonly server: string;
  readonly transport: Transport;
  private readonly fetchFn: typeof fetch;
  private readonly tokens: TokenStore;
  private readonly timeoutMs: number;
  private readonly onUnauthorized: (() => void) | undefined;

  constructor(options: ApiClientOptions) {
    this.server = options.server;
    this.transport = transportFor(options.server, options.pageOrigin);
    this.fetchFn = options.fetch;
    this.tokens = options.tokens;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.onUnauthorized = options.onUnauthorized;
  }

  /** `POST /api/session`. Keeps the bearer token when this client uses one. */
  async login(name: string, password: string): Promise<LoginResponse> {
    const response = await this.request<LoginResponse>('/api/session', {
      method: 'POST',
      body: { name, password },
      auth: false,
    });
    if (this.transport === 'bearer') {
      if (typeof response.token !== 'string' || response.token === '') {
        throw new ApiRequestError('invalid_response', 200, 'login response carries no token');
      }
      await this.tokens.set(this.server, response.token);
    }
    return response;
  }

  /**
   * `GET /api/session`: the current session, or null when there is none (401). A bearer client without
   * a stored token has no session to ask about, so it does not send a request.
   */
  async session(): Promise<SessionResponse | null> {
    if (this.transport === 'bearer' && (await this.tokens.get(this.server)) === null) return null;
    try {
      return await this.request<SessionResponse>('/api/session', { auth: true, quietUnauthorized: true });
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) {
        if (this.transport === 'bearer') await this.tokens.clear(this.server);
        return null;
      }
      throw error;
    }
  }

  /** `DELETE /api/session`. The local token is cleared even when the server cannot be reached. */
  async logout(): Promise<void> {
    try {
      await this.request<unknown>('/api/session', { method: 'DELETE', auth: true, quietUnauthorized: true });
    } catch (error) {
      // A session the server no longer knows is already logged out; anything else is reported after
      // the local token is gone.
      if (!(error instanceof ApiRequestError && error.status === 401)) {
        await this.forgetToken();
        throw error;
      }
    }
    await this.forgetToken();
  }

  health(): Promise<HealthResponse> {
    return this.request<HealthResponse>('/api/health', { auth: false });
  }

  /**
   * A signed-in GET of reference data (categories, capture settings, areas). `quietUnauthorized`: a background
   * refresh answered 401 must not end the session in the middle of a capture — sync and the next start-up
   * handle an expired session, and the cache serves meanwhile.
   */
  getReference(path: '/api/categories' | '/api/capture-settings' | '/api/areas'): Promise<unknown> {
    return this.request<unknown>(path, { auth: true, quietUnauthorized: true });
  }

  /** `GET /api/stats` for a range of WIB days (either end may be left open). Supervisors and admins. */
  async getStats(range: { from: string | null; to: string | null }): Promise<StatsResponse> {
    const query = new URLSearchParams();
    if (range.from !== null) query.set('from', range.from);
    if (range.to !== null) query.set('to', range.to);
    const qs = query.toString();
    const response = await this.request<StatsResponse>(`/api/stats${qs ? `?${qs}` : ''}`, { auth: true });
    if (response.ok !== true || !Array.isArray(response.byStatus)) {
      throw new ApiRequestError('invalid_response', 200, 'not a statistics response');
    }
    return response;
  }

  /** `GET /api/directory` (supervisors, admins): who a follow-up can be assigned to. */
  directory(): Promise<DirectoryResponse> {
    return this.request<DirectoryResponse>('/api/directory', { auth: true, quietUnauthorized: true });
  }

  async listUsers(): Promise<UserRecord[]> {
    const response = await this.request<UserListResponse>('/api/users', { auth: true });
    if (!Array.isArray(response.users))
      throw new ApiRequestError('invalid_response', 200, 'users is not a list');
    return response.users;
  }

  async createUser(user: CreateUserRequest): Promise<SessionUser> {
    const response = await this.request<{ ok: true; user: SessionUser }>('/api/users', {
      method: 'POST',
      body: user,
      auth: true,
    });
    return response.user;
  }

  async disableUser(name: string): Promise<void> {
    await this.request<unknown>(`/api/users/${encodeURIComponent(name)}/disable`, {
      method: 'POST',
      auth: true,
    });
  }

  /** `POST /api/devices`: registers (or refreshes) this device's signing key for the signed-in user. */
  async registerDevice(device: RegisterDeviceRequest): Promise<DeviceRecord> {
    const response = await this.request<DeviceResponse>('/api/devices', {
      method: 'POST',
      body: device,
      auth: true,
      quietUnauthorized: true,
    });
    return response.device;
  }

  /** `GET /api/devices` (administrators): every registered device. */
  async listDevices(): Promise<DeviceRecord[]> {
    const response = await this.request<DeviceListResponse>('/api/devices', { auth: true });
    if (!Array.isArray(response.devices))
      throw new ApiRequestError('invalid_response', 200, 'devices is not a list');
    return response.devices;
  }

  /** `POST /api/devices/:id/revoke` (administrators). */
  async revokeDevice(id: string, reason: string): Promise<DeviceRecord> {
    const response = await this.request<DeviceResponse>(`/api/devices/${encodeURIComponent(id)}/revoke`, {
      method: 'POST',
      body: { reason },
      auth: true,
    });
    return response.device;
  }

  /** `POST /api/devices/:id/wipe` (administrators, issue 13): `handover` or `lost`. */
  async orderDeviceWipe(id: string, mode: WipeMode, reason: string): Promise<DeviceRecord> {
    const response = await this.request<DeviceResponse>(`/api/devices/${encodeURIComponent(id)}/wipe`, {
      method: 'POST',
      body: { mode, reason },
      auth: true,
    });
    return response.device;
  }

  /**
   * A raw request to this server with the session's transport — the cookie same-origin, the bearer token
   * (and no cookies) cross-origin — for the sync replicators, which speak CouchDB's protocol themselves.
   * The answer is returned as is: a 401 here does not end the session (sync pauses and asks to sign in
   * again, so capture goes on). Refuses any URL outside this server, so the token never leaves it.
   */
  async authorizedFetch(url: string, init: RequestInit = {}): Promise<Response> {
    if (url !== this.server && !url.startsWith(this.server + '/')) {
      throw new TypeError(`authorizedFetch: ${url} is not on ${this.server}`);
    }
    const headers = new Headers(init.headers);
    headers.delete('Authorization');
    if (this.transport === 'bearer') {
      const token = await this.tokens.get(this.server);
      if (token !== null) headers.set('Authorization', `Bearer ${token}`);
    }
    return this.fetchFn(url, {
      ...init,
      headers,
      credentials: this.transport === 'cookie' ? 'include' : 'omit',
      // Reports, cases and photos must not land in Chromium's HTTP disk cache in the clear (issue 13): what
      // the app keeps offline it keeps itself, sealed. A caller may still ask for caching explicitly.
      cache: init.cache ?? 'no-store',
    });
  }

  private async forgetToken(): Promise<void> {
    if (this.transport === 'bearer') await this.tokens.clear(this.server);
  }

  private async request<T>(
    path: string,
    options: RequestOptions & { quietUnauthorized?: boolean },
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.auth && this.transport === 'bearer') {
      const token = await this.tokens.get(this.server);
      if (token !== null) headers.Authorization = `Bearer ${token}`;
    }

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchFn(this.server + path, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        // Cross-origin requests must not carry cookies: the bearer token is the only credential, so a
        // stale cookie can never authenticate a request the user did not sign in for.
        credentials: this.transport === 'cookie' ? 'include' : 'omit',
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ApiRequestError('network', 0, reason);
    } finally {
      clearTimeout(timer);
    }

    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const code = errorCodeFor(response.status, body);
      const reason =
        typeof body === 'object' && body !== null && typeof (body as { reason?: unknown }).reason === 'string'
          ? (body as { reason: string }).reason
          : response.statusText;
      const retryAfter =
        response.status === 429 || response.status === 503
          ? parseRetryAfter(response.headers.get('Retry-After'))
          : null;
      const error = new ApiRequestError(code, response.status, reason, retryAfter);
      if (response.status === 401 && options.auth && !options.quietUnauthorized) {
        await this.forgetToken();
        this.onUnauthorized?.();
      }
      throw error;
    }
    if (typeof body !== 'object' || body === null) {
      if (options.method === 'DELETE' || response.status === 204) return null as T;
      throw new ApiRequestError('invalid_response', response.status, 'response is not JSON');
    }
    return body as T;
  }
}
