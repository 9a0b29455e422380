// Small per-user caches kept in localStorage — the last dashboard figures, the assignment directory, the last
// kelurahan — sealed with the user's data key (issue 13, part 1): what lands in the browser profile is
// ciphertext (`sealed:` + AES-GCM, data-key.ts). A plaintext value an older app left is read once and
// written back sealed; a value that does not open with this key (another user's, damaged) is a miss.

import type { DataKey } from './keys/data-key';
import type { KeyValueStore } from '../platform/key-value-store';

const SEALED = 'sealed:';

/** The stored text under `name`, opened with `key`; null when there is none or it does not open. */
export async function readSealedText(store: KeyValueStore, name: string, key: DataKey): Promise<string | null> {
  let raw: string | null;
  try {
    raw = store.getItem(name);
  } catch {
    return null;
  }
  if (raw === null) return null;
  if (!raw.startsWith(SEALED)) {
    // Left in the clear by an app from before issue 13: sealed now, so the plaintext does not stay.
    await writeSealedText(store, name, key, raw);
    return raw;
  }
  try {
    const text = await key.openJson(raw.slice(SEALED.length));
    return typeof text === 'string' ? text : null;
  } catch {
    return null;
  }
}

/** Keeps `text` under `name`, sealed with `key`; a full or disabled storage loses only this copy. */
export async function writeSealedText(store: KeyValueStore, name: string, key: DataKey, text: string): Promise<void> {
  const sealed = SEALED + (await key.sealJson(text));
  try {
    store.setItem(name, sealed);
  } catch {
    // Only the offline copy is lost.
  }
}
