import { getBridge } from '../platform';

/**
 * Registers the offline app shell (sw.js) in web mode only: not in Electron (the app:// protocol serves the
 * files from disk, and service workers need http(s) anyway) and not under the dev server (no sw.js there).
 */
export function registerServiceWorker(): void {
  // MODE, not PROD: PROD follows NODE_ENV, which is 'test' when the e2e setup builds the app under vitest.
  if (import.meta.env.MODE === 'development' || !('serviceWorker' in navigator)) return;
  if (!/^https?:$/.test(location.protocol) || getBridge() !== null) return;
  // Relative to the page, like every asset URL of this build (`base: './'`): the scope is the app's base.
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((err: unknown) => {
    // Without it the app still works online; only the offline reload is lost.
    console.warn('Service worker registration failed', err);
  });
}
