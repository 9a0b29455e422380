// Header-level checks run before a single pixel is decoded. Chromium decodes a truncated JPEG or PNG without
// complaint (the missing rows come out grey), so "did it decode" cannot tell a half-copied file from a photo;
// and a small file can declare a huge canvas (a decompression bomb), which must be refused before decoding.

import type { SniffedImageType } from './sniff';

export interface ImageInspection {
  /** The pixel size the header declares (before EXIF orientation), or null when the header is unreadable. */
  size: { width: number; height: number } | null;
  /** The file ends before the image data does (a torn copy or download). */
  truncated: boolean;
}

const u16be = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number): number => ((u16be(b, at) << 16) | u16be(b, at + 2)) >>> 0;
const u32le = (b: Uint8Array, at: number): number => ((u16le(b, at + 2) << 16) | u16le(b, at)) >>> 0;
const ascii = (b: Uint8Array, at: number, n: number): string =>
  at + n <= b.length ? String.fromCharCode(...b.subarray(at, at + n)) : '';

const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const isStandalone = (m: number): boolean => m === 0x01 || (m >= 0xd0 && m <= 0xd8);

/** Where the entropy-coded data after an SOS header ends: the next real marker, or -1 if the file ends first. */
function endOfScan(b: Uint8Array, from: number): number {
  for (let i = b.indexOf(0xff, from); i !== -1 && i + 1 < b.length; i = b.indexOf(0xff, i + 1)) {
    const next = b[i + 1]!;
    // FF00 is a stuffed data byte, FFD0–FFD7 restart markers, FFFF fill: all still inside the scan.
    if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return i;
  }
  return -1;
}

function inspectJpeg(b: Uint8Array): ImageInspection {
  let size: ImageInspection['size'] = null;
  let at = 2;
  while (at + 1 < b.length) {
    if (b[at] !== 0xff) return { size, truncated: true }; // garbage where a marker must be
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd9) return { size, truncated: size === null };
    if (isStandalone(marker)) {
      at += 2;
      continue;
    }
    if (at + 4 > b.length) break;
    const length = u16be(b, at + 2);
    if (length < 2) return { size, truncated: true };
    if (isSof(marker) && at + 9 <= b.length) {
      size = { width: u16be(b, at + 7), height: u16be(b, at + 5) };
    }
    at += 2 + length;
    if (marker === 0xda) {
      // Fast path: a file whose last bytes are EOI is complete (FFD9 cannot occur inside entropy data).
      if (b.length >= 2 && b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9 && at < b.length) {
        return { size, truncated: size === null };
      }
      at = endOfScan(b, at);
      if (at === -1) break;
    }
  }
  return { size, truncated: true };
}

function inspectPng(b: Uint8Array): ImageInspection {
  let size: ImageInspection['size'] = null;
  let at = 8;
  while (at + 8 <= b.length) {
    const length = u32be(b, at);
    const type = ascii(b, at + 4, 4);
    if (type === 'IHDR' && at + 16 <= b.length) size = { width: u32be(b, at + 8), height: u32be(b, at + 12) };
    if (type === 'IEND') return { size, truncated: size === null };
    at += 12 + length; // length, type, data, CRC
  }
  return { size, truncated: true };
}

function inspectWebp(b: Uint8Array): ImageInspection {
  const truncated = b.length < 20 || u32le(b, 4) + 8 > b.length;
  const chunk = ascii(b, 12, 4);
  let size: ImageInspection['size'] = null;
  if (chunk === 'VP8 ' && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    size = { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  } else if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = u32le(b, 21);
    size = { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  } else if (chunk === 'VP8X' && b.length >= 30) {
    size = { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  return { size, truncated };
}

function inspectBmp(b: Uint8Array): ImageInspection {
  if (b.length < 26) return { size: null, truncated: true };
  const dib = u32le(b, 14);
  const size =
    dib === 12
      ? { width: u16le(b, 18), height: u16le(b, 20) }
      : { width: Math.abs(u32le(b, 18) | 0), height: Math.abs(u32le(b, 22) | 0) };
  return { size, truncated: u32le(b, 2) > b.length };
}

/** Reads the declared size and checks the file is whole, for the types the pipeline decodes. */
export function inspectImage(type: SniffedImageType, b: Uint8Array): ImageInspection {
  switch (type) {
    case 'jpeg':
      return inspectJpeg(b);
    case 'png':
      return inspectPng(b);
    case 'webp':
      return inspectWebp(b);
    case 'bmp':
      return inspectBmp(b);
    case 'gif':
      // A torn GIF still shows its first frame, which is all the pipeline keeps.
      return { size: b.length >= 10 ? { width: u16le(b, 6), height: u16le(b, 8) } : null, truncated: b.length < 10 };
    case 'heic':
      return { size: null, truncated: false };
  }
}

/**
 * The JPEG's metadata segments before the image data, as `APPn:identifier` (e.g. `APP1:Exif`, `COM`): used to
 * prove a stored photo carries no EXIF, XMP or comments.
 */
export function jpegMetadataSegments(b: Uint8Array): string[] {
  const found: string[] = [];
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1]!;
    if (marker === 0xda || marker === 0xd9) break;
    const length = u16be(b, at + 2);
    if (marker >= 0xe0 && marker <= 0xef) {
      const body = b.subarray(at + 4, Math.min(at + 2 + length, at + 4 + 40));
      const id = String.fromCharCode(...body.subarray(0, Math.max(0, body.indexOf(0))));
      found.push(`APP${marker - 0xe0}:${id}`);
    } else if (marker === 0xfe) {
      found.push('COM');
    }
    at += 2 + length;
  }
  return found;
}
