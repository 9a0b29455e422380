// The one typed IPC contract between the Electron main process, the preload and the renderer
// (STYLE.md rule 2). Channel names are 'domain:verb'. Every channel declares its request and response
// types and a validator for the request, because the main process distrusts whatever the renderer sends.

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The `error` strings the main process and preload send (codes, so the renderer can translate them):
 * 'forbidden' (sender is not the app), 'invalid-request' (arguments failed the validator),
 * 'invalid-server' (not an http(s) server address), 'untrusted-url' (refused by the link check),
 * 'ipc-unavailable' (the main process did not answer), 'internal-error' (anything else; logged in main),
 * 'print-failed' (the print view said it cannot show every requested report), 'print-timeout' (the print view
 * did not get ready in time, e.g. photos unreachable or the session ended), 'write-failed' (the chosen file
 * could not be written), 'keychain-unavailable' (the OS keychain cannot seal or open a data key: safeStorage is
 * unavailable, or the sealed value was made by another keychain).
 */
export type IpcErrorCode =
  | 'forbidden'
  | 'invalid-request'
  | 'invalid-server'
  | 'untrusted-url'
  | 'ipc-unavailable'
  | 'internal-error'
  | 'print-failed'
  | 'print-timeout'
  | 'write-failed'
  | 'keychain-unavailable';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  electron: string;
  /** The sync-server address from the desktop's `TERTIB_SERVER_URL`, when set and valid (no trailing slash). */
  defaultServer?: string;
}

/** Text exports the main process saves through a save dialog. */
export type TextExportKind = 'csv' | 'geojson';

/** Where an export went: the path the user chose, or nothing because they closed the dialog. */
export type SaveFileResult = { saved: string } | { canceled: true };

export interface SaveTextRequest {
  kind: TextExportKind;
  /** Suggested file name; the main process sanitizes it and forces the extension. */
  fileName: string;
  content: string;
}

export interface CasePdfRequest {
  reportIds: string[];
  fileName: string;
}

/** Most reports in one PDF: each brings up to five full-size photos into one page's memory. */
export const CASE_PDF_MAX_REPORTS = 50;
/**
 * 128 Mi characters. Measured with the builders: 50 000 reports are a 23 M-character CSV and a 53 M-character
 * GeoJSON, so this leaves room for about twice the review queue's target before a file must be split.
 */
export const EXPORT_TEXT_MAX_CHARS = 128 * 1024 * 1024;

/**
 * The print view's contract with whoever prints it (Electron's main process, a test driving Chromium): the
 * route `#/cetak?ids=<id>,<id>` renders the case reports; its root element carries `data-print-root` and
 * `data-print-state`: `loading`, then `ready` once every photo has loaded or given up (missing photos are
 * printed as missing, with their hash), or `failed` when a requested report is not on this device.
 * `data-ready="true"` is set together with `ready`.
 */
export const PRINT_VIEW = {
  routePath: 'cetak',
  rootSelector: '[data-print-root]',
  stateAttribute: 'data-print-state',
} as const;
export type PrintViewState = 'loading' | 'ready' | 'failed';

/** The hash of the print view for these reports; `autoPrint` asks it to open the browser's print dialog. */
export function printViewHash(reportIds: readonly string[], autoPrint = false): string {
  return `#/${PRINT_VIEW.routePath}?ids=${reportIds.map(encodeURIComponent).join(',')}${autoPrint ? '&cetak=1' : ''}`;
}

export type IpcChannels = {
  'app:info': { request: null; response: AppInfo };
  /** The bearer token for the sync-server, kept by the main process encrypted with safeStorage. */
  'auth:token-get': { request: { server: string }; response: string | null };
  'auth:token-set': { request: { server: string; token: string }; response: null };
  'auth:token-clear': { request: { server: string }; response: null };
  /**
   * Seal / open a user's data key (base64 of 32 bytes) with the OS keychain (safeStorage); the renderer keeps
   * the sealed text beside the password-wrapped copy (renderer/src/data/keys). Nothing is stored in main.
   */
  'keys:seal': { request: { secret: string }; response: string };
  'keys:open': { request: { sealed: string }; response: string };
  /** Open an http(s) link in the OS browser after the main process has checked it. */
  'shell:open-external': { request: { url: string }; response: null };
  /**
   * Show a native notification about a report. Clicking it focuses the window and sends
   * `NOTIFICATION_CLICKED_EVENT` with the report id to the renderer.
   */
  'notification:show': { request: NotificationRequest; response: null };
  /** Save a CSV or GeoJSON export through the OS save dialog. */
  'export:save-text': { request: SaveTextRequest; response: SaveFileResult };
  /** Render the print view of these reports off screen, print it to PDF, and save it through a dialog. */
  'export:case-pdf': { request: CasePdfRequest; response: SaveFileResult };
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

/** A report id as the app makes them (a ULID or a lower-case UUID), the same check as the export channels. */
export const isReportIdForIpc = (v: unknown): v is string => typeof v === 'string' && DOC_ID.test(v);

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

// Ids as domain/formats.ts DOC_ID_RE spells them (a ULID or a lower-case UUID); repeated here so the
// contract stays one self-contained file for the sandboxed preload bundle.
const DOC_ID =
  /^(?:[0-7][0-9A-HJKMNP-TV-Z]{25}|[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const isFileName = (v: unknown): v is string => isBoundedString(v, 200);

const isReportIdList = (v: unknown): v is string[] =>
  Array.isArray(v) &&
  v.length >= 1 &&
  v.length <= CASE_PDF_MAX_REPORTS &&
  v.every((id) => typeof id === 'string' && DOC_ID.test(id)) &&
  new Set(v).size === v.length;

export const ipcValidators: { [C in IpcChannel]: Validator<IpcRequest<C>> } = {
  'app:info': (v): v is null => v === null || v === undefined,
  'auth:token-get': serverRequest,
  'auth:token-set': (v): v is { server: string; token: string } =>
    isPlainObject(v) &&
    hasOnlyKeys(v, ['server', 'token']) &&
    isBoundedString(v.server, 2048) &&
    isBoundedString(v.token, 4096),
  'auth:token-clear': serverRequest,
  'keys:seal': (v): v is { secret: string } =>
    isPlainObject(v) && hasOnlyKeys(v, ['secret']) && isBoundedString(v.secret, 64) && BASE64.test(v.secret),
  'keys:open': (v): v is { sealed: string } =>
    isPlainObject(v) &&
    hasOnlyKeys(v, ['sealed']) &&
    isBoundedString(v.sealed, 4096) &&
    BASE64.test(v.sealed),
  'shell:open-external': (v): v is { url: string } =>
    isPlainObject(v) && hasOnlyKeys(v, ['url']) && isBoundedString(v.url, 4096),
  'notification:show': (v): v is NotificationRequest =>
    isPlainObject(v) &&
    hasOnlyKeys(v, ['title', 'body', 'reportId']) &&
    isBoundedString(v.title, NOTIFICATION_LIMITS.titleMax) &&
    isBoundedString(v.body, NOTIFICATION_LIMITS.bodyMax) &&
    isReportIdForIpc(v.reportId),
  'export:save-text': (v): v is SaveTextRequest =>
    isPlainObject(v) &&
    hasOnlyKeys(v, ['kind', 'fileName', 'content']) &&
    (v.kind === 'csv' || v.kind === 'geojson') &&
    isFileName(v.fileName) &&
    isBoundedString(v.content, EXPORT_TEXT_MAX_CHARS),
  'export:case-pdf': (v): v is CasePdfRequest =>
    isPlainObject(v) &&
    hasOnlyKeys(v, ['reportIds', 'fileName']) &&
    isReportIdList(v.reportIds) &&
    isFileName(v.fileName),
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
  sealDataKey(secret: string): Promise<IpcResult<string>>;
  openDataKey(sealed: string): Promise<IpcResult<string>>;
  showNotification(request: NotificationRequest): Promise<IpcResult<null>>;
  /** Calls `listener` with the report id of each clicked notification; returns the unsubscribe function. */
  onNotificationClick(listener: (reportId: string) => void): () => void;
  saveTextExport(request: SaveTextRequest): Promise<IpcResult<SaveFileResult>>;
  printCasePdf(request: CasePdfRequest): Promise<IpcResult<SaveFileResult>>;
}
