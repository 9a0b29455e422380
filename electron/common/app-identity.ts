// Who the app is: its product name and ids, and where the renderer lives.

export const PRODUCT_NAME = 'Tertib';
/** Same as electron-builder.yml's appId; Windows groups taskbar entries and notifications by it. */
export const APP_ID = 'id.go.jakarta.satpolpp.tertib';

// Where the renderer lives. A privileged custom scheme (not file://) gives the app a real, stable origin,
// so permission checks, CORS on the sync-server and IPC sender checks can all key on one string.

export const APP_SCHEME = 'app';
export const APP_HOST = 'tertib';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `urlOrOrigin` is the app's origin or a URL on it. Compared as text, not through `new URL()`:
 * Node's WHATWG parser treats `app:` as a non-special scheme (opaque origin "null", host case kept),
 * while Chromium normalizes a standard scheme. Chromium hands us the normalized form, so an exact prefix
 * match is both correct and immune to lookalikes (`app://tertib.evil`, `app://tertib@evil`,
 * `app://tertib:80`, `APP://TERTIB`).
 */
export function isAppOrigin(urlOrOrigin: unknown): boolean {
  if (typeof urlOrOrigin !== 'string') return false;
  return urlOrOrigin === APP_ORIGIN || urlOrOrigin.startsWith(`${APP_ORIGIN}/`);
}
