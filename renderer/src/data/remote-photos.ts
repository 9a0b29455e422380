import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/api-client';
import { PHOTO_CACHE } from '../platform/user-caches';
import type { PhotoVault } from './contracts';
import type { DataKey } from './keys/data-key';
import { useDataKey } from './keys/data-key-context';
import { sealedMatch, sealedPut } from './sealed-cache';

// Supervisors do not replicate photos: they fetch a thumbnail or a full photo when a screen shows it, from
// the gateway (which checks they may read a report showing it), and keep it in the Cache Storage so it is
// there offline and never fetched twice (a photo's URL names its sha256, so it never changes).

const CACHE = PHOTO_CACHE;

export type PhotoSize = 'thumb' | 'photo';

function photoUrl(server: string, sha256: string, size: PhotoSize): string {
  return `${server}/db/photos/photo:${sha256}/${size === 'thumb' ? 'thumb.jpg' : 'photo.jpg'}`;
}

// Sealed with the user's data key: the profile holds ciphertext only (issue 13).
const cached = (url: string, key: DataKey): Promise<Blob | null> => sealedMatch(CACHE, url, key, 'image/jpeg');
const remember = (url: string, blob: Blob, key: DataKey): Promise<void> => sealedPut(CACHE, url, key, blob);

/** The photo's bytes: from this device's vault, else the cache, else the server (then cached). */
export async function loadPhoto(
  client: ApiClient,
  vault: PhotoVault,
  sha256: string,
  size: PhotoSize,
  key: DataKey,
): Promise<Blob | null> {
  const own = size === 'thumb' ? await vault.getThumbnail(sha256) : await vault.getPhoto(sha256);
  if (own) return own;
  const url = photoUrl(client.server, sha256, size);
  const hit = await cached(url, key).catch(() => null);
  if (hit) return hit;
  const res = await client.authorizedFetch(url);
  if (!res.ok) return null;
  const blob = await res.blob();
  // Only bytes the server calls immutable are kept: until it has made its own thumbnail from the verified
  // photo, it sends the device's as a stand-in (`no-cache`), to be asked for again next time.
  if (/\bimmutable\b/.test(res.headers.get('cache-control') ?? '')) await remember(url, blob, key).catch(() => undefined);
  return blob;
}

/**
 * An object URL for a photo, or null while loading / when it cannot be had yet; revoked on unmount. A report
 * syncs before its photos, so a photo the server does not hold yet is asked for again, backing off.
 */
export function useRemotePhoto(
  client: ApiClient | null,
  vault: PhotoVault,
  sha256: string | null,
  size: PhotoSize,
): string | null {
  const dataKey = useDataKey();
  const [state, setState] = useState<{ key: string; url: string | null } | null>(null);
  const key = `${sha256 ?? ''}/${size}`;
  useEffect(() => {
    if (client === null || sha256 === null) return undefined;
    let url: string | null = null;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const attempt = (n: number) => {
      loadPhoto(client, vault, sha256, size, dataKey)
        .then((blob) => {
          if (!active) return;
          if (blob === null) throw new Error('not yet');
          url = URL.createObjectURL(blob);
          setState({ key, url });
        })
        .catch(() => {
          if (active && n < 12) timer = setTimeout(() => attempt(n + 1), Math.min(30_000, 1000 * 2 ** n));
        });
    };
    attempt(0);
    return () => {
      active = false;
      if (timer !== null) clearTimeout(timer);
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [client, vault, sha256, size, key, dataKey]);
  return state !== null && state.key === key ? state.url : null;
}
