// Decode → orient → resize → re-encode → hash. Runs in the photo worker, or on the main thread where workers
// or OffscreenCanvas are missing. Re-encoding from pixels is what strips the metadata: the canvas knows
// nothing of the original's EXIF, XMP, ICC or maker notes, so the stored JPEG cannot carry a hidden
// location or device serial.

import type { ExifHints, PhotoErrorCode } from '../contracts';
import { readExifHints } from './exif-hints';
import { fitWithin } from './fit-within';
import { inspectImage } from './image-structure';
import { sha256Hex } from './sha256';
import { SNIFF_BYTES, isOtherImageFormat, sniffImageType } from './sniff';

export interface TranscodeOptions {
  maxEdge: number;
  quality: number;
  thumbEdge: number;
}

export interface TranscodeResult {
  jpeg: ArrayBuffer;
  thumbnail: ArrayBuffer;
  width: number;
  height: number;
  sha256: string;
  exif: ExifHints | null;
}

/** Errors cross the worker boundary as data; `code: null` is a failure that is not the file's fault. */
export type TranscodeOutcome =
  | { ok: true; value: TranscodeResult }
  | { ok: false; code: PhotoErrorCode | null; message: string };

/**
 * The most pixels a photo may declare before decoding: above a 108 MP phone sensor, below what would make
 * Chromium allocate gigabytes for a small "decompression bomb" file.
 */
export const MAX_DECODE_PIXELS = 120_000_000;

export const THUMBNAIL_QUALITY = 0.7;

class Refusal extends Error {
  constructor(
    readonly code: PhotoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface Surface {
  draw(image: ImageBitmap): void;
  toJpeg(quality: number): Promise<Blob>;
}

function surface(width: number, height: number): Surface {
  const paint = (ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D, image: ImageBitmap) => {
    // JPEG has no alpha: transparent pixels of a PNG/WebP would turn black without a white ground.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(image, 0, 0, width, height);
  };
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('No 2D context for OffscreenCanvas');
    return {
      draw: (image) => paint(ctx, image),
      toJpeg: (quality) => canvas.convertToBlob({ type: 'image/jpeg', quality }),
    };
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('No 2D context for canvas');
  return {
    draw: (image) => paint(ctx, image),
    toJpeg: (quality) =>
      new Promise((resolve, reject) =>
        canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('JPEG encoding failed'))), 'image/jpeg', quality),
      ),
  };
}

/** `image` scaled to `size` with the browser's best resampling; `image` itself is left open. */
async function scaled(image: ImageBitmap, size: { width: number; height: number }): Promise<ImageBitmap> {
  return createImageBitmap(image, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' });
}

async function encode(image: ImageBitmap, quality: number): Promise<ArrayBuffer> {
  const s = surface(image.width, image.height);
  s.draw(image);
  return (await s.toJpeg(quality)).arrayBuffer();
}

async function run(input: Blob, opts: TranscodeOptions): Promise<TranscodeResult> {
  const bytes = new Uint8Array(await input.arrayBuffer());
  const type = sniffImageType(bytes.subarray(0, SNIFF_BYTES));
  if (type === null) {
    throw isOtherImageFormat(bytes)
      ? new Refusal('unsupported-format', 'An image format the browser cannot decode')
      : new Refusal('not-image', 'Not an image');
  }
  if (type === 'heic') throw new Refusal('unsupported-format', 'HEIC/HEIF images cannot be decoded here');

  const { size, truncated } = inspectImage(type, bytes);
  if (truncated || (size && (size.width < 1 || size.height < 1))) {
    throw new Refusal('corrupt', `The ${type} file is incomplete or damaged`);
  }
  if (size && size.width * size.height > MAX_DECODE_PIXELS) {
    throw new Refusal('too-large', `${size.width}×${size.height} pixels is more than can be decoded safely`);
  }

  const exif = type === 'jpeg' ? await readExifHints(bytes) : null;

  let decoded: ImageBitmap;
  try {
    decoded = await createImageBitmap(input, { imageOrientation: 'from-image' });
  } catch (err) {
    // A BMP variant Chromium lacks is a format problem; a JPEG/PNG/WebP/GIF that fails is a damaged file.
    throw new Refusal(type === 'bmp' ? 'unsupported-format' : 'corrupt', `Decoding failed: ${String(err)}`);
  }
  let image = decoded;
  try {
    const target = fitWithin(decoded.width, decoded.height, opts.maxEdge);
    if (target.width !== decoded.width || target.height !== decoded.height) {
      image = await scaled(decoded, target);
      decoded.close();
    }
    const thumbImage = await scaled(image, fitWithin(image.width, image.height, opts.thumbEdge));
    try {
      const [jpeg, thumbnail] = await Promise.all([
        encode(image, opts.quality),
        encode(thumbImage, THUMBNAIL_QUALITY),
      ]);
      return { jpeg, thumbnail, width: image.width, height: image.height, sha256: await sha256Hex(jpeg), exif };
    } finally {
      thumbImage.close();
    }
  } finally {
    decoded.close();
    image.close();
  }
}

export async function transcode(input: Blob, opts: TranscodeOptions): Promise<TranscodeOutcome> {
  try {
    return { ok: true, value: await run(input, opts) };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, code: err.code, message: err.message };
    return { ok: false, code: null, message: err instanceof Error ? err.message : String(err) };
  }
}
