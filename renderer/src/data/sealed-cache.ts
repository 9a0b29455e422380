// Cache Storage entries sealed with the user's data key (issue 13): photos and cases fetched on demand are kept
// for offline use, but what lands in the browser profile is ciphertext. Keys (URLs) name a sha256 or a report
// id, never content. An entry that does not open with this key (another user's, a damaged one) is a miss.

import type { DataKey } from './keys/data-key';

export async function sealedMatch(cacheName: string, url: string, key: DataKey, type: string): Promise<Blob | null> {
  if (typeof caches === 'undefined') return null;
  const hit = await (await caches.open(cacheName)).match(url);
  if (!hit) return null;
  try {
    return await key.openBlob(await hit.blob(), type);
  } catch {
    return null;
  }
}

export async function sealedPut(cacheName: string, url: string, key: DataKey, body: Blob): Promise<void> {
  if (typeof caches === 'undefined') return;
  const sealed = await key.sealBlob(body);
  await (await caches.open(cacheName)).put(url, new Response(sealed, { headers: { 'content-type': sealed.type } }));
}
