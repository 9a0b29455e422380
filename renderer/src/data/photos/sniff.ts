// Image type detection from the bytes themselves: a file's name and its `type` are whatever the sender says,
// so they are never trusted (a renamed HEIC or a text file called "foto.jpg" is common in the field).

export type SniffedImageType = 'jpeg' | 'png' | 'webp' | 'gif' | 'heic' | 'bmp';

/** How many leading bytes the sniffers need. */
export const SNIFF_BYTES = 64;

/**
 * ISO-BMFF brands of HEIF images (iPhone photos, HEIC-in-HEIF, and AVIF-in-HEIF). Chromium cannot decode
 * HEIC; AVIF is refused with it because the stored-photo pipeline only promises the formats phones and
 * cameras hand to a laptop today, and the type union has no place for it.
 */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis']);

/** BITMAPINFOHEADER sizes a real BMP carries; "BM" alone is too weak (a text file may start with "BMW"). */
const BMP_DIB_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

function ascii(bytes: Uint8Array, start: number, length: number): string {
  if (bytes.length < start + length) return '';
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function u32be(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function u32le(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

function isHeif(bytes: Uint8Array): boolean {
  if (bytes.length < 12 || ascii(bytes, 4, 4) !== 'ftyp') return false;
  if (HEIF_BRANDS.has(ascii(bytes, 8, 4))) return true;
  // Compatible brands follow the major brand and its minor version, inside the ftyp box.
  const boxEnd = Math.min(u32be(bytes, 0), bytes.length);
  for (let at = 16; at + 4 <= boxEnd; at += 4) {
    if (HEIF_BRANDS.has(ascii(bytes, at, 4))) return true;
  }
  return false;
}

/** The image type the leading bytes announce, or null when they announce none of the types handled here. */
export function sniffImageType(bytes: Uint8Array): SniffedImageType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  const gif = ascii(bytes, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return 'gif';
  if (isHeif(bytes)) return 'heic';
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 18 && BMP_DIB_SIZES.has(u32le(bytes, 14))) return 'bmp';
  return null;
}

/**
 * Image formats Chromium cannot decode that a photo may still arrive in (camera TIFF/DNG, JPEG XL, JPEG 2000,
 * Photoshop): refused as "unsupported format", not as "not an image", so the officer is told to convert it.
 */
export function isOtherImageFormat(bytes: Uint8Array): boolean {
  return (
    startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || // TIFF, little-endian (also DNG and most raw formats)
    startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]) || // TIFF, big-endian
    startsWith(bytes, [0xff, 0x0a]) || // JPEG XL codestream
    startsWith(bytes, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20]) || // JPEG XL container
    startsWith(bytes, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || // JPEG 2000
    ascii(bytes, 0, 4) === '8BPS' // Photoshop
  );
}
