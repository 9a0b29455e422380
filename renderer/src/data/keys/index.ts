// The app's one keyring: wrapped keys in localStorage, the OS keychain through the preload bridge on the
// desktop, and key sharing between the app's own tabs.

import type { TertibBridge } from '../../../../domain/ipc';
import { getBridge, preferenceStore } from '../../platform';
import { createKeyring, type Keychain, type Keyring } from './keyring';

export { DataKey, DataKeyError } from './data-key';
export { WrongPasswordError, type Keyring } from './keyring';

function bridgeKeychain(): Keychain | null {
  const bridge = getBridge();
  return bridge === null ? null : keychainFromBridge(bridge);
}

/**
 * The OS keychain through the preload's IPC contract (domain/ipc.ts `keys:seal`, `keys:open`): a refusal
 * (`keychain-unavailable`: no safeStorage, Linux's plaintext fallback, a copy sealed by another keychain)
 * arrives as `{ok:false}` and becomes an error, which the keyring treats as "no keychain copy" — the
 * password-wrapped copy stays and the unlock screen asks for the password (issue 13: a lost key is said
 * plainly and nothing is discarded).
 */
export function keychainFromBridge(bridge: Pick<TertibBridge, 'sealDataKey' | 'openDataKey'>): Keychain {
  return {
    async seal(secret) {
      const result = await bridge.sealDataKey(secret);
      if (!result.ok) throw new Error(result.error);
      return result.value;
    },
    async open(sealed) {
      const result = await bridge.openDataKey(sealed);
      if (!result.ok) throw new Error(result.error);
      return result.value;
    },
  };
}

let keyring: Keyring | null = null;

export function appKeyring(): Keyring {
  keyring ??= createKeyring({ store: preferenceStore(), keychain: bridgeKeychain(), channelName: 'tertib-keys' });
  return keyring;
}
