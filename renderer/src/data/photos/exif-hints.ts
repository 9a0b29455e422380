import { parse } from 'exifr/dist/lite.esm.mjs';
import type { ExifHints } from '../contracts';

// Only what the officer may be offered: where and when the picture was taken. Everything else in EXIF
// (device serials, owner names, maker notes) is never read and never stored: the stored JPEG is re-encoded.
const OPTIONS = {
  ifd0: { pick: [] },
  exif: { pick: ['DateTimeOriginal'] },
  gps: { pick: ['GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'] },
  ifd1: false,
  interop: false,
  xmp: false,
  icc: false,
  iptc: false,
  jfif: false,
  ihdr: false,
  makerNote: false,
  userComment: false,
  silentErrors: true,
  mergeOutput: true,
} as const;

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The photo's EXIF location and capture time; null for each that is missing or implausible, never a throw. */
export async function readExifHints(bytes: Uint8Array): Promise<ExifHints | null> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await parse(bytes, OPTIONS)) as Record<string, unknown> | undefined;
  } catch {
    return null; // garbled EXIF is common (edited, re-saved, cut) and never fatal
  }
  if (!tags) return null;

  const lat = tags['latitude'];
  const lng = tags['longitude'];
  // 0,0 is what many cameras write when they had no fix; it is never a patrol location.
  const location =
    finite(lat) && finite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && !(lat === 0 && lng === 0)
      ? { lat, lng }
      : null;

  // EXIF keeps a wall-clock time without a zone; exifr reads it in the device's zone, which is the patrol's.
  const taken = tags['DateTimeOriginal'];
  const takenAt = taken instanceof Date && Number.isFinite(taken.getTime()) ? taken.toISOString() : null;

  return location || takenAt ? { location, takenAt } : null;
}
