import sharp from 'sharp';
import { THUMB_ATTACHMENT } from '../../../domain/photo-rules';
import type { BackendHttp } from '../sync/backend-http';

// Thumbnails the server makes itself from a photo's verified bytes. The device sends one too, but nothing
// proves it shows the same picture: a review list of evidence must show thumbnails of the photos that were
// hashed and receipted, so supervisors see the server's, and the device's only until the server's exists.

/** Long edge of a thumbnail, as the device makes them (a review row and the detail strip). */
export const THUMB_EDGE = 320;

/**
 * The backend refused a write or a read for a reason a retry may not cure (a 4xx other than timeout, conflict
 * or throttling). Workers retry it a few times — a validation function can be lifted, a document can appear —
 * then log it and move on, so one bad item never holds up every item after it.
 */
export class BackendRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendRefusal';
  }
}

export const isRefusalStatus = (status: number): boolean =>
  status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;

export function backendError(status: number, message: string): Error {
  return isRefusalStatus(status) ? new BackendRefusal(message) : new Error(message);
}

export const thumbnailDocId = (sha256: string): string => `thumb:${sha256}`;

export async function makeThumbnail(jpeg: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(jpeg, { failOn: 'error' })
    .rotate()
    .resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 75 })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export async function thumbnailExists(http: BackendHttp, db: string, sha256: string): Promise<boolean> {
  const res = await http.admin(`${db}/${encodeURIComponent(thumbnailDocId(sha256))}`, { method: 'HEAD' });
  await res.body?.cancel();
  return res.ok;
}

/**
 * Makes and stores the thumbnail of verified bytes. A picture the image library cannot read is logged and
 * left without one (the device's thumbnail keeps serving); a backend failure throws, so the batch retries.
 */
export async function storeThumbnail(
  http: BackendHttp,
  db: string,
  sha256: string,
  jpeg: Buffer,
  log: (msg: string) => void,
): Promise<boolean> {
  let thumb: Awaited<ReturnType<typeof makeThumbnail>>;
  try {
    thumb = await makeThumbnail(jpeg);
  } catch (err) {
    log(`photo ${sha256}: no server thumbnail (${(err as Error).message})`);
    return false;
  }
  const id = thumbnailDocId(sha256);
  const put = await http.admin(`${db}/${encodeURIComponent(id)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      _id: id,
      type: 'thumbnail',
      sha256,
      width: thumb.width,
      height: thumb.height,
      madeAt: new Date().toISOString(),
      _attachments: {
        [THUMB_ATTACHMENT]: { content_type: 'image/jpeg', data: thumb.data.toString('base64') },
      },
    }),
  });
  if (!put.ok && put.status !== 409) {
    throw backendError(
      put.status,
      `${id}: backend answered ${put.status} ${(await put.text()).trim().slice(0, 200)}`,
    );
  }
  await put.body?.cancel();
  return true;
}
