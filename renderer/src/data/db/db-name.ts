// Local databases are per (server, user): a laptop shared at a post must never show one officer's unsent
// work to the next. The name is a hash so it reveals neither the server nor the user to anyone listing
// IndexedDB databases, and is a valid RxDB/IndexedDB name whatever the inputs contain.

/** First 16 hex digits (64 bits) of sha256(server + '\n' + user): ample against collisions on one device. */
export async function userDataKey(server: string, user: string): Promise<string> {
  if (server === '' || user === '') throw new Error('A local database needs both a server and a user name.');
  // '\n' cannot occur in a normalized server address or a user name, so distinct pairs never join equally.
  const bytes = new TextEncoder().encode(server + '\n' + user);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The RxDB (IndexedDB) database holding this user's reports, sync states, events and draft, encrypted with
 * the user's data key (issue 13). A new name, not a new version of the old one: RxDB refuses to open a
 * database made without a password with one (DB1), so builds before encryption left `legacy…` databases,
 * which `legacy-upgrade.ts` copies into these and then removes.
 */
export const localDatabaseName = async (server: string, user: string): Promise<string> =>
  'tertib-enc-' + (await userDataKey(server, user));

/** The PouchDB photo vault of the same user (openPhotoVault), its attachments sealed with the data key. */
export const photoVaultName = async (server: string, user: string): Promise<string> =>
  'tertib-enc-photos-' + (await userDataKey(server, user));

/** The unencrypted database of builds before issue 13. */
export const legacyDatabaseName = async (server: string, user: string): Promise<string> =>
  'tertib-' + (await userDataKey(server, user));

/** The unencrypted photo vault of builds before issue 13. */
export const legacyPhotoVaultName = async (server: string, user: string): Promise<string> =>
  'tertib-photos-' + (await userDataKey(server, user));
