// The app's one keyring: wrapped keys in localStorage, the OS keychain through the preload bridge on the
// desktop, and key sharing between the app's own tabs.

import { getBridge, preferenceStore } from '../../platform';
import { createKeyring, type Keychain, type Keyring } from './keyring';

export { DataKey, DataKeyError } from './data-key';
export { WrongPasswordError, type Keyring } from './keyring';

function bridgeKeychain(): Keychain | null {
  const bridge = getBridge();
  if (bridge === null) return null;
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
