// Electron's safeStorage behind the token store's TokenCipher interface. Only usable after `app` is ready.

import { safeStorage } from 'electron';
import type { TokenCipher } from './token-store';

function unavailableReason(): string | null {
  if (!safeStorage.isEncryptionAvailable()) return 'safeStorage.isEncryptionAvailable() is false';
  // On Linux without a keyring (no gnome-keyring/KWallet), Chromium falls back to a hard-coded key: that
  // is obfuscation, not encryption, so treat it as unavailable.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return 'no OS keyring found (safeStorage backend is basic_text)';
  }
  return null;
}

export function safeStorageCipher(): TokenCipher {
  return {
    unavailableReason: unavailableReason(),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}
