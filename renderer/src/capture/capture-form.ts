// The capture form's rules, apart from React: an empty draft, which location the report gets, what is
// still missing before saving, and which photo's EXIF can be offered.

import { REPORT_LIMITS, type Location } from '../../../domain/report';
import type { Draft, ExifHints, LocationMode } from '../data/contracts';
import { manualAccuracyM, parseCoordinate, type CoordinateResult } from './coordinates';

/**
 * EXIF rarely records how accurate its GPS position was (GPSHPositioningError is optional and mostly
 * absent), so an accepted EXIF position is recorded at 30 m: a typical phone fix outdoors in a city, and
 * the "good" boundary, so it neither claims survey quality nor triggers the low-accuracy warning.
 */
export const EXIF_ACCURACY_M = 30;

export function emptyDraft(now: Date = new Date()): Draft {
  return {
    photos: [],
    exifHints: {},
    locationMode: 'device',
    location: null,
    manualLat: '',
    manualLng: '',
    categoryId: '',
    description: '',
    placeNote: '',
    capturedAt: null,
    updatedAt: now.toISOString(),
  };
}

/** True when nothing has been entered: such a draft is not worth restoring or keeping. */
export function isEmptyDraft(draft: Draft): boolean {
  return (
    draft.photos.length === 0 &&
    draft.categoryId === '' &&
    draft.description.trim() === '' &&
    draft.placeNote.trim() === '' &&
    draft.manualLat === '' &&
    draft.manualLng === ''
  );
}

export type ManualLocation =
  { ok: true; location: Location } | { ok: false; lat: CoordinateResult; lng: CoordinateResult };

export function manualLocation(latText: string, lngText: string, now: Date): ManualLocation {
  const lat = parseCoordinate(latText, 'lat');
  const lng = parseCoordinate(lngText, 'lng');
  if (!lat.ok || !lng.ok) return { ok: false, lat, lng };
  return {
    ok: true,
    location: {
      lat: lat.value,
      lng: lng.value,
      accuracyM: manualAccuracyM(lat.decimals, lng.decimals),
      source: 'manual',
      fixedAt: now.toISOString(),
    },
  };
}

/**
 * The location the report will carry for the chosen mode. `device` uses the best fix the draft holds;
 * without one the report records the location as missing (`null`), as it does for `none`.
 */
export function reportLocation(draft: Draft, now: Date): Location | null {
  switch (draft.locationMode) {
    case 'device':
      return draft.location?.source === 'device' ? draft.location : null;
    case 'gnss':
      // Set from the receiver's current fix at save time (never from a remembered one).
      return draft.location?.source === 'gnss' ? draft.location : null;
    case 'exif':
      return draft.location?.source === 'exif' ? draft.location : null;
    case 'manual': {
      const manual = manualLocation(draft.manualLat, draft.manualLng, now);
      return manual.ok ? manual.location : null;
    }
    case 'none':
      return null;
  }
}

/** `gnss`: the receiver was chosen as the source but has no current fix. */
export type FormProblem = 'photos' | 'category' | 'description' | 'manualLat' | 'manualLng' | 'gnss';

export function formProblems(
  draft: Draft,
  offeredCategoryIds: ReadonlySet<string>,
  now: Date,
): FormProblem[] {
  const problems: FormProblem[] = [];
  if (draft.photos.length === 0) problems.push('photos');
  if (draft.locationMode === 'manual') {
    const manual = manualLocation(draft.manualLat, draft.manualLng, now);
    if (!manual.ok) {
      if (!manual.lat.ok) problems.push('manualLat');
      if (!manual.lng.ok) problems.push('manualLng');
    }
  }
  if (draft.locationMode === 'gnss' && draft.location?.source !== 'gnss') problems.push('gnss');
  if (!offeredCategoryIds.has(draft.categoryId)) problems.push('category');
  const description = draft.description.trim();
  if (description === '' || description.length > REPORT_LIMITS.descriptionMax) problems.push('description');
  return problems;
}

/** The first photo (in the draft's order) whose EXIF carried a position or a time. */
export function exifOffer(draft: Draft): { sha256: string; hints: ExifHints } | null {
  for (const photo of draft.photos) {
    const hints = draft.exifHints[photo.sha256];
    if (hints && (hints.location !== null || hints.takenAt !== null)) return { sha256: photo.sha256, hints };
  }
  return null;
}

/** Accepting a photo's EXIF: its position (when it has one) becomes the report's, its time the capture time. */
export function acceptExif(draft: Draft, hints: ExifHints): Draft {
  const fixedAt = hints.takenAt ?? draft.capturedAt ?? new Date().toISOString();
  return {
    ...draft,
    ...(hints.location === null
      ? {}
      : {
          locationMode: 'exif' as LocationMode,
          location: { ...hints.location, accuracyM: EXIF_ACCURACY_M, source: 'exif' as const, fixedAt },
        }),
    capturedAt: hints.takenAt ?? draft.capturedAt,
  };
}
