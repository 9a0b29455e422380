// The one module that touches `window.tertib` (the Electron preload bridge). Everything else asks here,
// and each function has a browser fallback so the same renderer runs in any Chromium (web mode, e2e).

import type { AppInfo, TertibBridge } from '../../../domain/ipc';
import { browserStore, type KeyValueStore } from './key-value-store';
import { BridgeTokenStore, LocalTokenStore, type TokenStore } from './token-store';

export type { KeyValueStore } from './key-value-store';
export type { TokenStore } from './token-store';

export function getBridge(): TertibBridge | null {
  return typeof window !== 'undefined' && window.tertib ? window.tertib : null;
}

export interface PlatformInfo extends Omit<AppInfo, 'defaultServer'> {
  /** `true` inside Electron. */
  desktop: boolean;
  /** The sync-server the desktop build was configured with, if any. */
  defaultServer: string | null;
}

function browserPlatform(): string {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return nav.userAgentData?.platform || nav.platform || 'web';
}

function browserInfo(): PlatformInfo {
  return {
    name: 'Tertib',
    version: __APP_VERSION__,
    platform: browserPlatform(),
    electron: '',
    desktop: false,
    defaultServer: null,
  };
}

let infoPromise: Promise<PlatformInfo> | null = null;

/** Application facts; cached, and never rejects (falls back to what the browser knows). */
export function appInfo(): Promise<PlatformInfo> {
  infoPromise ??= (async () => {
    const bridge = getBridge();
    if (!bridge) return browserInfo();
    try {
      const result = await bridge.appInfo();
      if (!result.ok) return { ...browserInfo(), desktop: true };
      const { defaultServer, ...info } = result.value;
      return {
        ...info,
        desktop: true,
        defaultServer: typeof defaultServer === 'string' ? defaultServer : null,
      };
    } catch {
      return { ...browserInfo(), desktop: true };
    }
  })();
  return infoPromise;
}

/** Open an http(s) link outside the app: the OS browser in Electron, a new tab otherwise. */
export async function openExternal(url: string): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error('openExternal: http(s) only');
  const bridge = getBridge();
  if (bridge) {
    const result = await bridge.openExternal(parsed.href);
    if (!result.ok) throw new Error(`openExternal: ${result.error}`);
    return;
  }
  window.open(parsed.href, '_blank', 'noopener');
}

let preferences: KeyValueStore | null = null;

/** Non-secret remembered settings (server address, language, cached session user). */
export function preferenceStore(): KeyValueStore {
  preferences ??= browserStore();
  return preferences;
}

/** Bearer-token storage: the main process in Electron, `localStorage` otherwise (see LocalTokenStore). */
export function tokenStore(): TokenStore {
  const bridge = getBridge();
  return bridge ? new BridgeTokenStore(bridge) : new LocalTokenStore(preferenceStore());
}

/** The page's own origin when it is a web origin; `null` for `app://`, `file://` and opaque origins. */
export function pageOrigin(): string | null {
  const { protocol, origin } = window.location;
  return protocol === 'http:' || protocol === 'https:' ? origin : null;
}

/** `fetch` bound to the window (an unbound `fetch` throws "Illegal invocation" when called as a method). */
export function browserFetch(): typeof fetch {
  return (input, init) => window.fetch(input, init);
}
