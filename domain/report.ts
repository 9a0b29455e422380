// A report as an officer files it. Immutable once submitted: everything that happens afterwards is a
// ReportEvent (report-events.ts), so nothing is edited in two places and replication cannot conflict.

import {
  APP_VERSION_RE,
  AREA_CODE_RE,
  CATEGORY_ID_RE,
  DEVICE_ID_RE,
  DOC_ID_RE,
  ISO_TIME_RE,
  NOT_BLANK_RE,
  SHA256_RE,
  SIGNATURE_RE,
  SLUG_RE,
  USER_NAME_RE,
} from './formats';
import { invalid, valid, type Validation } from './result';
import { checkObject, type FieldSpec, type ObjectSpec } from './schema';

/**
 * 2: signed at creation by the device (issue 11; `signature`). A version-1 report predates signing and is
 * shown as *tanpa tanda tangan*; a version-2 report without a valid signature is refused by the gateway.
 */
export const REPORT_SCHEMA_VERSION = 2;
export const FIRST_SIGNED_REPORT_VERSION = 2;

export const LOCATION_SOURCES = ['device', 'gnss', 'exif', 'manual'] as const;
export type LocationSource = (typeof LOCATION_SOURCES)[number];

export interface Location {
  lat: number;
  lng: number;
  /** Radius of the fix's uncertainty in metres, as the Geolocation API reports it. */
  accuracyM: number;
  source: LocationSource;
  fixedAt: string;
}

export interface Photo {
  /** Of the stored (resized) JPEG; the photo vault's doc id is `photo:<sha256>`. */
  sha256: string;
  bytes: number;
  width: number;
  height: number;
}

export interface AreaRef {
  /** Kemendagri code, e.g. `31.71.01.1001`. */
  code: string;
  name: string;
}

export interface Area {
  kelurahan: AreaRef;
  kecamatan: AreaRef;
  kota: AreaRef;
}

export interface Report {
  type: 'report';
  id: string;
  categoryId: string;
  description: string;
  placeNote?: string;
  /**
   * `null` says "no fix could be had" explicitly (indoors, permission denied, no GNSS) — a report without
   * a location is still worth filing, and a reviewer must see that the location is missing rather than
   * guess from a silently absent field.
   */
  location: Location | null;
  /**
   * When the officer placed the point by hand ("Masukkan manual": `location.source` is `manual`), the
   * device's own fix at that time, kept beside it, so the case file shows both where the device was and
   * where the officer says the violation is. Absent otherwise (and on reports from before issue 12).
   */
  deviceFix?: Location;
  capturedAt: string;
  createdAt: string;
  photos: Photo[];
  author: string;
  team: string | null;
  region: string | null;
  area?: Area;
  deviceId: string;
  appVersion: string;
  schemaVersion: number;
  /** Ed25519 by the device key `deviceId` over domain/evidence/signatures.ts signingBytes (version ≥ 2). */
  signature?: string;
}

/**
 * Bounds keep a hostile or buggy client from storing megabytes in a text field, and keep exports and
 * list views predictable. Photo bounds allow a full-size JPEG from a 200 MP sensor, though the app resizes
 * to ~2000 px before storing.
 */
export const REPORT_LIMITS = {
  descriptionMax: 2000,
  placeNoteMax: 500,
  maxPhotos: 5,
  photoBytesMax: 50 * 1024 * 1024,
  photoSideMax: 20000,
  /** The largest accuracy a fix can usefully claim (100 km); beyond that it is not a location. */
  accuracyMaxM: 100000,
  areaNameMax: 100,
} as const;

const iso: FieldSpec = { t: 'str', min: 24, max: 24, re: [ISO_TIME_RE] };
const slug: FieldSpec = { t: 'str', min: 1, max: 64, re: [SLUG_RE] };
const areaRef: FieldSpec = {
  t: 'obj',
  fields: {
    code: { t: 'str', min: 2, max: 16, re: [AREA_CODE_RE] },
    name: { t: 'str', min: 1, max: REPORT_LIMITS.areaNameMax, re: [NOT_BLANK_RE] },
  },
};

/** A device's signature of a document (domain/evidence/signatures.ts). */
export const SIGNATURE_SPEC: FieldSpec = { t: 'str', min: 86, max: 86, re: [SIGNATURE_RE], optional: true };
export const DEVICE_ID_SPEC: FieldSpec = { t: 'str', min: 1, max: 128, re: [DEVICE_ID_RE] };

export const DOC_ID_SPEC: FieldSpec = { t: 'str', min: 26, max: 36, re: [DOC_ID_RE] };
export const USER_NAME_SPEC: FieldSpec = { t: 'str', min: 2, max: 64, re: [USER_NAME_RE] };
export const ISO_TIME_SPEC = iso;
export const SLUG_SPEC = slug;

/** One stored photo as a document refers to it (a report's photos, a closing event's "after" photos). */
export const PHOTO_SPEC: FieldSpec = {
  t: 'obj',
  fields: {
    sha256: { t: 'str', min: 64, max: 64, re: [SHA256_RE] },
    bytes: { t: 'num', min: 1, max: REPORT_LIMITS.photoBytesMax, int: true },
    width: { t: 'num', min: 1, max: REPORT_LIMITS.photoSideMax, int: true },
    height: { t: 'num', min: 1, max: REPORT_LIMITS.photoSideMax, int: true },
  },
};

const LOCATION_FIELDS: Record<string, FieldSpec> = {
  lat: { t: 'num', min: -90, max: 90 },
  lng: { t: 'num', min: -180, max: 180 },
  accuracyM: { t: 'num', min: 0, max: REPORT_LIMITS.accuracyMaxM },
  source: { t: 'str', min: 1, max: 16, oneOf: LOCATION_SOURCES },
  fixedAt: iso,
};

export function reportSpec(maxPhotos: number = REPORT_LIMITS.maxPhotos): ObjectSpec {
  return {
    t: 'obj',
    fields: {
      type: { t: 'const', value: 'report' },
      id: DOC_ID_SPEC,
      categoryId: { t: 'str', min: 2, max: 64, re: [CATEGORY_ID_RE] },
      description: { t: 'str', min: 1, max: REPORT_LIMITS.descriptionMax, re: [NOT_BLANK_RE] },
      placeNote: { t: 'str', min: 1, max: REPORT_LIMITS.placeNoteMax, re: [NOT_BLANK_RE], optional: true },
      location: { t: 'obj', nullable: true, fields: LOCATION_FIELDS },
      deviceFix: { t: 'obj', optional: true, fields: LOCATION_FIELDS },
      capturedAt: iso,
      createdAt: iso,
      photos: { t: 'arr', min: 1, max: maxPhotos, items: PHOTO_SPEC },
      author: USER_NAME_SPEC,
      team: { ...slug, nullable: true },
      region: { ...slug, nullable: true },
      area: {
        t: 'obj',
        optional: true,
        fields: { kelurahan: areaRef, kecamatan: areaRef, kota: areaRef },
      },
      deviceId: DEVICE_ID_SPEC,
      appVersion: { t: 'str', min: 1, max: 32, re: [APP_VERSION_RE] },
      schemaVersion: { t: 'num', min: 1, max: REPORT_SCHEMA_VERSION, int: true },
      signature: SIGNATURE_SPEC,
    },
  };
}

export const REPORT_SPEC: ObjectSpec = reportSpec();

/**
 * Validates a report document (also in its CouchDB form: `_id`/`_rev` are accepted and dropped). The value
 * is a fresh object holding only known fields, so nothing hostile rides along.
 */
export function validateReport(input: unknown, options: { maxPhotos?: number } = {}): Validation<Report> {
  const errors: string[] = [];
  const spec = options.maxPhotos === undefined ? REPORT_SPEC : reportSpec(options.maxPhotos);
  const value = checkObject(spec, input, 'report', errors, true);
  return errors.length > 0 || !value ? invalid(errors) : valid(value as unknown as Report);
}
