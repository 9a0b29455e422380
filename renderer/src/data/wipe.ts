// Wiping everything this device holds for one user (issue 13, "revoke and wipe"; also the end of a lost
// device's life). The data key goes first: from that moment nothing of the user opens again, even if the
// deletions after it are interrupted (crypto-shredding). Then the databases, the vault, the caches and every
// remembered fact about the user. The user's databases must be closed first (sign the user out, or unmount
// LocalDataProvider): IndexedDB waits for open connections before it deletes.

import { userDataKey } from './db/db-name';
import { appKeyring } from './keys';
import { preferenceStore } from '../platform';
import type { KeyValueStore } from '../platform/key-value-store';
import { forgetUserCaches } from '../platform/user-caches';

/**
 * The IndexedDB databases of (server, user): RxDB's Dexie databases and PouchDB's vaults, old and new names, and
 * the device's signing key for the user (data/device-key, issue 11).
 */
export async function userDatabaseNames(server: string, user: string): Promise<string[]> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
  const id = await userDataKey(server, user);
  const prefixes = [`rxdb-dexie-tertib-enc-${id}--`, `rxdb-dexie-tertib-${id}--`];
  const exact = [`_pouch_tertib-enc-photos-${id}`, `_pouch_tertib-photos-${id}`, `tertib-key-${id}`];
  return (await indexedDB.databases())
    .map((d) => d.name ?? '')
    .filter((name) => exact.includes(name) || prefixes.some((p) => name.startsWith(p)));
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error(`deleting ${name} failed`));
  });
}

/** Every localStorage fact the app keeps about (server, user), by the names their modules give them. */
function forgetRemembered(store: KeyValueStore, server: string, user: string, id: string): void {
  for (const name of [
    `tertib.pin:${id}`,
    `tertib.pin-fails:${id}`,
    `tertib.session:${server}`,
    `tertib.token:${server}`,
    `tertib.directory:${server}\n${user}`,
    `tertib.followUpSince:${server}\n${user}`,
    `tertib.lastArea:${user}@${server}`,
    `tertib.draftReportId:${user}`,
  ]) {
    try {
      store.removeItem(name);
    } catch {
      // Storage unavailable: nothing was kept there either.
    }
  }
}

/** Returns the names of the databases it deleted. */
export async function wipeUserData(server: string, user: string): Promise<string[]> {
  const id = await userDataKey(server, user);
  await appKeyring().destroy(server, user);
  forgetRemembered(preferenceStore(), server, user, id);
  await forgetUserCaches(server, user);
  const names = await userDatabaseNames(server, user);
  for (const name of names) await deleteDatabase(name);
  return names;
}
