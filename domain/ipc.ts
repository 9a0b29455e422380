// The one typed IPC contract between the Electron main process, the preload and the renderer
// (STYLE.md rule 2). Channel names are 'domain:verb'. Every channel declares its request and response
// types and a validator for the request, because the main process distrusts whatever the renderer sends.

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The `error` strings the main process and preload send (codes, so the renderer can translate them):
 * 'forbidden' (sender is not the app), 'invalid-request' (arguments failed the validator),
 * 'invalid-server' (not an http(s) server address), 'untrusted-url' (refused by the link check),
 * 'ipc-unavailable' (the main process did not answer), 'internal-error' (anything else; logged in main).
 */
export type IpcErrorCode =
  'forbidden' | 'invalid-request' | 'invalid-server' | 'untrusted-url' | 'ipc-unavailable' | 'internal-error';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  electron: string;
  /** The sync-server address from the desktop's `TERTIB_SERVER_URL`, when set and valid (no trailing slash). */
  defaultServer?: string;
}

export type IpcChannels = {
  'app:info': { request: null; response: AppInfo };
  /** The bearer token for the sync-server, kept by the main process encrypted with safeStorage. */
  'auth:token-get': { request: { server: string }; response: string | null };
  'auth:token-set': { request: { server: string; token: string }; response: null };
  'auth:token-clear': { request: { server: string }; response: null };
  /** Open an http(s) link in the OS browser after the main process has checked it. */
  'shell:open-external': { request: { url: string }; response: null };
  /**
   * Show a native notification about a report. Clicking it focuses the window and sends
   * `NOTIFICATION_CLICKED_EVENT` with the report id to the renderer.
   */
  'notification:show': { request: NotificationRequest; response: null };
};

export interface NotificationRequest {
  title: string;
  body: string;
  /** The report it is about (a UUID/ULID); the click opens its case. */
  reportId: string;
}

/** Main → renderer: the user clicked a notification; the payload is its `reportId`. */
export const NOTIFICATION_CLICKED_EVENT = 'notification:clicked';

export const NOTIFICATION_LIMITS = { titleMax: 120, bodyMax: 500 } as const;

/** Report ids are UUIDs or ULIDs: letters, digits and dashes only. */
export const isReportIdForIpc = (v: unknown): v is string =>
  typeof v === 'string' && /^[0-9A-Za-z-]{26,36}$/.test(v);

export type IpcChannel = keyof IpcChannels;
export type IpcRequest<C extends IpcChannel> = IpcChannels[C]['request'];
export type IpcResponse<C extends IpcChannel> = IpcChannels[C]['response'];

type Validator<T> = (value: unknown) => value is T;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

const isBoundedString = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

const hasOnlyKeys = (v: Record<string, unknown>, keys: string[]): boolean =>
  Object.keys(v).every((k) => keys.includes(k)) && keys.every((k) => k in v);

const serverRequest = (v: unknown): v is { server: string } =>
  isPlainObject(v) && hasOnlyKeys(v, ['server']) && isBoundedString(v.server, 2048);

export const ipcValidators: { [C in IpcChannel]: Validator<IpcRequest<C>> } = {
  'app:info': (v): v is null => v === null || v === undefined,
  'auth:token-get': serverRequest,
  'auth:token-set': (v): v is { server: string; token: string } =>
    isPlainObject(v) &&
    hasOnlyKeys(v, ['server', 'token']) &&
    isBoundedString(v.server, 2048) &&
    isBoundedString(v.token, 4096),
  'auth:token-clear': serverRequest,
  'shell:open-external': (v): v is { url: string } =>
    isPlainObject(v) && hasOnlyKeys(v, ['url']) && isBoundedString(v.url, 4096),
  'notification:show': (v): v is NotificationRequest =>
    isPlainObject(v) &&
    hasOnlyKeys(v, ['title', 'body', 'reportId']) &&
    isBoundedString(v.title, NOTIFICATION_LIMITS.titleMax) &&
    isBoundedString(v.body, NOTIFICATION_LIMITS.bodyMax) &&
    isReportIdForIpc(v.reportId),
};

export const IPC_CHANNELS = Object.keys(ipcValidators) as IpcChannel[];

export function isIpcChannel(name: unknown): name is IpcChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ipcValidators, name);
}

/** What the preload exposes on `window.tertib`: named functions only, never a raw ipcRenderer. */
export interface TertibBridge {
  appInfo(): Promise<IpcResult<AppInfo>>;
  getToken(server: string): Promise<IpcResult<string | null>>;
  setToken(server: string, token: string): Promise<IpcResult<null>>;
  clearToken(server: string): Promise<IpcResult<null>>;
  openExternal(url: string): Promise<IpcResult<null>>;
  showNotification(request: NotificationRequest): Promise<IpcResult<null>>;
  /** Calls `listener` with the report id of each clicked notification; returns the unsubscribe function. */
  onNotificationClick(listener: (reportId: string) => void): () => void;
}
