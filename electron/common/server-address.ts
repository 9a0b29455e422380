// Sync-server addresses as the main process accepts them: from the renderer (token keys) and from the
// TERTIB_SERVER_URL environment variable. Pure; tested in server-address.test.ts.

const MAX_LENGTH = 2048;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0020\u007f\\]/;

function parseServerUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return null;
  if (FORBIDDEN_CHARS.test(raw) || !/^https?:\/\/[^/]/i.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // A server address never carries credentials, a query or a fragment; refusing them keeps secrets out
  // of the token file's keys and out of the renderer.
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return null;
  return url;
}

/**
 * The key a bearer token is stored under: the server's origin (`https://host:port`), so
 * `https://host/`, `https://host` and `https://HOST:443/` share one token, and tokens never cross origins.
 */
export function serverOrigin(raw: unknown): string | null {
  return parseServerUrl(raw)?.origin ?? null;
}

/** A server address for the renderer: origin plus any path prefix, without a trailing slash. */
export function normalizeServerUrl(raw: unknown): string | null {
  const url = parseServerUrl(raw);
  if (url === null) return null;
  return url.origin + url.pathname.replace(/\/+$/, '');
}
