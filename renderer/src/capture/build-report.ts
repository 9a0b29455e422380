// From the capture form to the domain Report: pure, so the whole mapping is unit-tested against the same
// `validateReport` the server and CouchDB run.

import type { SessionUser } from '../../../domain/api';
import {
  REPORT_SCHEMA_VERSION,
  validateReport,
  type Area,
  type Location,
  type Photo,
  type Report,
} from '../../../domain/report';
import type { Validation } from '../../../domain/result';

export interface BuildReportInput {
  /** Made when the draft started (`crypto.randomUUID()`), so a retried save can never mint a second report. */
  id: string;
  user: Pick<SessionUser, 'name' | 'team' | 'region'>;
  categoryId: string;
  description: string;
  placeNote: string;
  location: Location | null;
  /** The device's own fix, kept beside a location the officer placed by hand (ignored for any other). */
  deviceFix?: Location | null;
  /** The chosen kelurahan with its kecamatan and kota (capture/area-preference.ts); null: none. */
  area?: Area | null;
  photos: readonly Photo[];
  /** When the first photo was taken (or the time from its EXIF); falls back to `now`. */
  capturedAt: string | null;
  now: Date;
  deviceId: string;
  appVersion: string;
  maxPhotos?: number;
}

export function buildReport(input: BuildReportInput): Validation<Report> {
  const createdAt = input.now.toISOString();
  const placeNote = input.placeNote.trim();
  const area = input.area ?? null;
  const report: Report = {
    type: 'report',
    id: input.id,
    categoryId: input.categoryId,
    description: input.description.trim(),
    ...(placeNote === '' ? {} : { placeNote }),
    location: input.location === null ? null : { ...input.location },
    ...(input.location?.source === 'manual' && input.deviceFix ? { deviceFix: { ...input.deviceFix } } : {}),
    capturedAt: input.capturedAt ?? createdAt,
    createdAt,
    // Only the reference fields: a ProcessedPhoto's blobs and EXIF hints must never reach the document.
    photos: input.photos.map(({ sha256, bytes, width, height }) => ({ sha256, bytes, width, height })),
    author: input.user.name,
    team: input.user.team,
    region: input.user.region,
    ...(area === null
      ? {}
      : {
          area: {
            kelurahan: { code: area.kelurahan.code, name: area.kelurahan.name },
            kecamatan: { code: area.kecamatan.code, name: area.kecamatan.name },
            kota: { code: area.kota.code, name: area.kota.name },
          },
        }),
    deviceId: input.deviceId,
    appVersion: input.appVersion,
    schemaVersion: REPORT_SCHEMA_VERSION,
  };
  return validateReport(report, input.maxPhotos === undefined ? {} : { maxPhotos: input.maxPhotos });
}
