// Which links may leave the app for the OS browser (`shell.openExternal`). Anything handed to the OS is
// executed by whatever handler is registered for its scheme, so only plain http(s) web pages pass, and
// only in a form a person can read correctly. Table-tested in trusted-url.test.ts.

const MAX_URL_LENGTH = 2048;

// Whitespace and controls are stripped or ignored by URL parsers ("java\tscript:" parses as
// "javascript:"), backslashes are turned into slashes for http(s); refuse them rather than guess.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0020\u007f-\u00a0\u2028\u2029\\]/;

const DNS_HOST =
  /^(?=.{1,253}\.?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/;
const IPV6_HOST = /^\[[0-9a-f:.]+\]$/;

/**
 * Returns the normalized URL to open externally, or null when it must not be opened.
 * Refused: any scheme but http/https, credentials in the URL (`https://bank.example@evil.example`),
 * internationalized host names (Unicode or `xn--` punycode labels: homograph lookalikes), host names
 * the parser rewrites (full-width letters, numeric IPv4 disguises), control
 * characters, backslashes, and anything longer than 2 KiB.
 */
export function trustedExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  if (FORBIDDEN_CHARS.test(raw)) return null;
  // `https:example.com` and `https:/example.com` are "fixed up" by the parser; insist on the real shape.
  if (!/^https?:\/\/[^/]/i.test(raw)) return null;

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;

  const host = url.hostname;
  // The host must be written exactly as the parser reads it: no full-width or other Unicode forms that
  // fold to ASCII, no numeric IPv4 disguises (`0x7f.1`, `2130706433`) — what a person reads is what opens.
  const written = raw.slice(raw.indexOf('//') + 2).toLowerCase();
  if (!written.startsWith(host)) return null;
  if (IPV6_HOST.test(host)) return url.href;
  if (!DNS_HOST.test(host)) return null;
  if (host.split('.').some((label) => label.startsWith('xn--'))) return null;
  return url.href;
}
