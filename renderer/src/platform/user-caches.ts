// What the app keeps about a signed-in user outside their own database: photos and cases fetched on demand
// (Cache Storage) and the last dashboard figures (localStorage). A laptop at a post is shared, so signing
// out forgets them; the next user's screens fetch their own.

import { preferenceStore } from './index';

/** Photos fetched on demand from the gateway (keyed by URL, which names the sha256). */
export const PHOTO_CACHE = 'tertib-photos-v1';
/** Cases read whole from `/api/cases/:id` (keyed per server, report and user). */
export const CASE_CACHE = 'tertib-cases-v1';

export const statsCacheKey = (server: string, user: string): string => `tertib.stats:${server}:${user}`;

export async function forgetUserCaches(server: string, user: string): Promise<void> {
  try {
    preferenceStore().removeItem(statsCacheKey(server, user));
  } catch {
    // Storage unavailable: nothing was kept there either.
  }
  if (typeof caches === 'undefined') return;
  // Photos are shared across users of the device only by sha256, but which ones a user looked at is theirs.
  await Promise.all([caches.delete(PHOTO_CACHE), caches.delete(CASE_CACHE)]).catch(() => undefined);
}
