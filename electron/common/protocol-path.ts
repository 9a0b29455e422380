// Maps a request on `app://tertib/…` to a file of the built renderer (dist/renderer). The only code that
// turns renderer-controlled input into a file path, so it refuses anything that is not a plain relative
// path below the root, whatever the encoding. Table-tested in protocol-path.test.ts.

import { APP_HOST, APP_SCHEME } from './app-identity';

export const INDEX_FILE = 'index.html';
const MAX_PATH_LENGTH = 1024;

export type AppPathResolution =
  /**
   * `file` is relative to the renderer root, '/'-separated, with no '.', '..' or empty segments.
   * `routeFallback`: when the file does not exist, serve index.html (a client-side route such as
   * `/reports/01HX…`); real assets (names with an extension) get a 404 instead of HTML.
   */
  { ok: true; file: string; routeFallback: boolean } | { ok: false; reason: string };

const refuse = (reason: string): AppPathResolution => ({ ok: false, reason });

/**
 * Resolves a full request URL; only `app://tertib/…` is served. The path is taken from the text as
 * sent, not from `URL.pathname`: the parser would quietly resolve `/%2e%2e/` and hide an attempt that
 * should be refused (and logged), and Node's parser does not treat `app:` exactly as Chromium does.
 */
export function resolveAppRequest(requestUrl: string): AppPathResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return refuse('malformed URL');
  }
  const prefix = `${APP_SCHEME}://${APP_HOST}`;
  if (
    url.protocol !== `${APP_SCHEME}:` ||
    url.host !== APP_HOST ||
    url.username !== '' ||
    url.password !== '' ||
    !requestUrl.startsWith(prefix)
  ) {
    return refuse('not the app origin');
  }
  const rawPath = requestUrl.slice(prefix.length).split(/[?#]/, 1)[0] ?? '';
  return resolveAppPath(rawPath === '' ? '/' : rawPath);
}

/**
 * Resolves the raw (still percent-encoded) path of a request. Decodes exactly once, then refuses NUL and
 * other control characters, backslashes and colons (Windows separators, drive letters, alternate data
 * streams), a remaining '%' (double encoding), '.', '..' and empty segments (`//etc/passwd`), and hidden
 * (dot) files.
 */
export function resolveAppPath(rawPath: string): AppPathResolution {
  if (!rawPath.startsWith('/')) return refuse('not an absolute URL path');
  if (rawPath.length > MAX_PATH_LENGTH) return refuse('path too long');

  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refuse('malformed percent-encoding');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\:%]/.test(decoded)) return refuse('forbidden character');

  const isDirectory = decoded.endsWith('/');
  const body = decoded.slice(1, isDirectory ? -1 : undefined);
  if (body === '') return { ok: true, file: INDEX_FILE, routeFallback: false };

  const segments = body.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return refuse('path traversal');
    if (segment.startsWith('.')) return refuse('hidden file');
  }
  const last = segments[segments.length - 1] ?? '';
  return { ok: true, file: segments.join('/'), routeFallback: isDirectory || !last.includes('.') };
}

const MIME_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    html: 'text/html; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    mjs: 'text/javascript; charset=utf-8',
    css: 'text/css; charset=utf-8',
    json: 'application/json; charset=utf-8',
    map: 'application/json; charset=utf-8',
    webmanifest: 'application/manifest+json; charset=utf-8',
    txt: 'text/plain; charset=utf-8',
    svg: 'image/svg+xml',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    avif: 'image/avif',
    ico: 'image/x-icon',
    woff: 'font/woff',
    woff2: 'font/woff2',
    ttf: 'font/ttf',
    otf: 'font/otf',
    wasm: 'application/wasm',
  }),
);

/** Content-Type by extension. Served with `nosniff`, so an unknown type is never guessed into a script. */
export function mimeTypeFor(file: string): string {
  const dot = file.lastIndexOf('.');
  const ext = dot === -1 ? '' : file.slice(dot + 1).toLowerCase();
  return MIME_TYPES.get(ext) ?? 'application/octet-stream';
}
