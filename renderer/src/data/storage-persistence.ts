// Web mode only: ask the browser not to evict this origin's IndexedDB under storage pressure, or unsent
// reports and their photos could vanish. Electron's storage is persistent already (DESIGN.md "Local data").

import { getBridge } from '../platform';

let asked: Promise<boolean | null> | null = null;

/**
 * Asks once per page load. Resolves `true` when storage is (now) persistent, `false` when the browser said
 * no (Chromium decides from engagement and may grant later), `null` when not applicable or unsupported.
 */
export function requestPersistentStorage(
  storage: Pick<StorageManager, 'persist' | 'persisted'> | undefined = navigator.storage,
  desktop: boolean = getBridge() !== null,
): Promise<boolean | null> {
  if (desktop || storage === undefined || typeof storage.persist !== 'function') return Promise.resolve(null);
  asked ??= (async () => {
    try {
      return (await storage.persisted()) || (await storage.persist());
    } catch {
      return null;
    }
  })();
  return asked;
}
