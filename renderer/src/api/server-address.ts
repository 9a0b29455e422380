// The server address an officer types is untrusted input that decides where their password goes, so it
// is parsed strictly: http(s) only, no embedded credentials, no query or fragment.

export type ServerAddressProblem = 'empty' | 'invalid' | 'scheme' | 'credentials' | 'extra';

export type ServerAddressResult = { ok: true; server: string } | { ok: false; problem: ServerAddressProblem };

export const FALLBACK_SERVER = 'http://127.0.0.1:4984';

/**
 * Validate and normalize a server address: `https://Host:443/base/` → `https://host/base`.
 * The normal form (origin plus optional path prefix, no trailing slash) is also the key under which the
 * token and the cached session are stored, so one server never gets two keys.
 */
export function parseServerAddress(input: string): ServerAddressResult {
  const text = input.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  // A scheme is required: guessing http:// would silently send a password unencrypted to a host that
  // was meant to be https.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^:]+:\d/.test(text)
      ? { ok: false, problem: 'scheme' }
      : { ok: false, problem: 'invalid' };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'scheme' };
  if (url.hostname === '') return { ok: false, problem: 'invalid' };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'credentials' };
  if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) {
    return { ok: false, problem: 'extra' };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, server: url.origin + path };
}

/** The origin part of a normalized server address. */
export function serverOrigin(server: string): string {
  return new URL(server).origin;
}
