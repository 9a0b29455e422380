// The photo pipeline (issue "Offline field capture"): every photo, imported or captured, becomes a resized,
// metadata-free JPEG whose sha256 names it in the vault and in the report.

import { PhotoError, type ProcessedPhoto } from '../contracts';
import { transcodeOffThread } from './photo-worker-client';

export { fitWithin } from './fit-within';
export { sniffImageType, type SniffedImageType } from './sniff';
export { openPhotoVault } from './photo-vault';
export { photoWorkerActive } from './photo-worker-client';

export interface ProcessPhotoOptions {
  /** Larger inputs are refused before a byte is read. */
  maxImportBytes: number;
  /** Long edge of the stored JPEG, px (default 1920; never upscaled). */
  maxEdge?: number;
  /** JPEG quality of the stored photo, 0–1 (default 0.8). */
  quality?: number;
  /** Long edge of the thumbnail, px (default 320). */
  thumbEdge?: number;
}

export const PHOTO_DEFAULTS = { maxEdge: 1920, quality: 0.8, thumbEdge: 320 } as const;

function edge(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 16 || v > 16384) throw new RangeError(`${name} must be 16–16384, not ${v}`);
  return v;
}

/**
 * Turns an imported file or a camera frame into the photo that is stored and sent. Throws PhotoError
 * (`too-large`, `not-image`, `unsupported-format`, `corrupt`) for a file the officer must replace.
 */
export async function processPhoto(input: Blob, opts: ProcessPhotoOptions): Promise<ProcessedPhoto> {
  if (input.size > opts.maxImportBytes) {
    throw new PhotoError('too-large', `The file has ${input.size} bytes; at most ${opts.maxImportBytes} are accepted`);
  }
  if (input.size === 0) throw new PhotoError('not-image', 'The file is empty');
  const quality = opts.quality ?? PHOTO_DEFAULTS.quality;
  if (!(quality > 0 && quality <= 1)) throw new RangeError(`quality must be in (0, 1], not ${quality}`);
  const outcome = await transcodeOffThread(input, {
    maxEdge: edge('maxEdge', opts.maxEdge ?? PHOTO_DEFAULTS.maxEdge),
    thumbEdge: edge('thumbEdge', opts.thumbEdge ?? PHOTO_DEFAULTS.thumbEdge),
    quality,
  });
  if (!outcome.ok) {
    throw outcome.code ? new PhotoError(outcome.code, outcome.message) : new Error(outcome.message);
  }
  const v = outcome.value;
  return {
    sha256: v.sha256,
    bytes: v.jpeg.byteLength,
    width: v.width,
    height: v.height,
    jpeg: new Blob([v.jpeg], { type: 'image/jpeg' }),
    thumbnail: new Blob([v.thumbnail], { type: 'image/jpeg' }),
    exif: v.exif,
  };
}

/** The video's current frame as a JPEG (full size; processPhoto then treats it like an imported file). */
export async function captureVideoFrame(video: HTMLVideoElement, quality = 0.92, waitMs = 5000): Promise<Blob> {
  // A tap right after the camera starts comes before its first frame: wait for it rather than drop the tap.
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        video.removeEventListener('loadeddata', done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      video.addEventListener('loadeddata', done);
    });
  }
  const { videoWidth: width, videoHeight: height } = video;
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || width === 0 || height === 0) {
    throw new Error('The camera has no frame yet');
  }
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('No 2D context for OffscreenCanvas');
    ctx.drawImage(video, 0, 0, width, height);
    return canvas.convertToBlob({ type: 'image/jpeg', quality });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('No 2D context for canvas');
  ctx.drawImage(video, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('JPEG encoding failed'))), 'image/jpeg', quality),
  );
}
