// A data key derived from a label, for tests and the e2e lab pages only (never the app): the same label gives
// the same key across reloads, as the app's own key would be after unlocking.

import { DataKey } from './data-key';

export async function fixedDataKey(label: string): Promise<DataKey> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('tertib fixed key\n' + label));
  return DataKey.fromRaw(new Uint8Array(digest));
}
