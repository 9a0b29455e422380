// The renderer's data layer contract (issue "Offline field capture"). Screens use the hooks built on these;
// RxDB and PouchDB are imported only under renderer/src/data/ (STYLE.md rule 4).

import type { Area, Location, Photo, Report } from '../../../domain/report';
import type { ReportState } from '../../../domain/report-state';
import type { Status } from '../../../domain/status';

/** Why an image was refused; each maps to a translated message (`capture.photoErrors.<code>`). */
export type PhotoErrorCode = 'not-image' | 'unsupported-format' | 'corrupt' | 'too-large' | 'too-many';

export class PhotoError extends Error {
  constructor(
    public readonly code: PhotoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PhotoError';
  }
}

/** What a photo's EXIF offered before it was stripped: a location and a time the officer may accept. */
export interface ExifHints {
  location: { lat: number; lng: number } | null;
  /** ISO time (toISOString) the picture was taken, when EXIF had it. */
  takenAt: string | null;
}

/** A resized, EXIF-free JPEG ready for the vault; `sha256` is of exactly these bytes. */
export interface ProcessedPhoto extends Photo {
  jpeg: Blob;
  thumbnail: Blob;
  exif: ExifHints | null;
}

export interface PhotoMeta {
  author: string;
  reportId?: string;
  capturedAt?: string;
}

export interface PhotoVault {
  /**
   * Stores the photo under `photo:<sha256>`; storing the same bytes twice keeps one copy (`stored: false`).
   * With `reportId` the photo document is signed by this device (issue 11), naming the report it is taken for
   * and `capturedAt` (when the image reached the app; default: now).
   */
  put(photo: ProcessedPhoto, meta: PhotoMeta): Promise<{ sha256: string; stored: boolean }>;
  getPhoto(sha256: string): Promise<Blob | null>;
  getThumbnail(sha256: string): Promise<Blob | null>;
  has(sha256: string): Promise<boolean>;
  /** Deletes photos no report or draft refers to, older than `olderThanMs`; returns how many. */
  removeOrphans(referenced: ReadonlySet<string>, olderThanMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Where a report stands between this device and the server. Only the server's receipt makes it `confirmed`. */
export type SyncState = 'pending' | 'sending' | 'confirmed' | 'rejected';

export interface LocalReport {
  report: Report;
  sync: SyncState;
  rejectionReason: string | null;
  /** Follow-up status folded from the report's events (`menunggu` until any arrive). */
  status: Status;
  /** Everything else the events say (unit, assignment, comments…), for the follow-up shown in lists. */
  followUp?: ReportState;
}

/** `gnss`: an external receiver on a serial port (issue 12); its fix is taken live at save time, not kept here. */
export type LocationMode = 'device' | 'gnss' | 'manual' | 'exif' | 'none';

/** A half-filled form, kept across reloads and crashes; photos are already in the vault. */
export interface Draft {
  photos: Photo[];
  /** EXIF hints per photo sha256, so an imported photo's location can still be offered after a reload. */
  exifHints: Record<string, ExifHints>;
  locationMode: LocationMode;
  location: Location | null;
  manualLat: string;
  manualLng: string;
  categoryId: string;
  description: string;
  placeNote: string;
  /**
   * The administrative area. Absent (older drafts too) = not touched: the officer's last area applies;
   * `null` = emptied on purpose; an `Area` = chosen. See capture/area-preference.ts.
   */
  area?: Area | null;
  capturedAt: string | null;
  updatedAt: string;
}

export interface CaptureSettings {
  maxPhotos: number;
  accuracyThresholdM: number;
  maxImportBytes: number;
  /** Map tiles for the case screen (a Leaflet URL template); absent or null → a plain background. */
  tileUrl?: string | null;
  tileAttribution?: string | null;
}

export const DEFAULT_CAPTURE_SETTINGS: CaptureSettings = {
  maxPhotos: 5,
  accuracyThresholdM: 50,
  maxImportBytes: 40 * 1024 * 1024,
};

/** IndexedDB refused a write because the device's storage is full (QuotaExceededError). */
export class StorageFullError extends Error {
  constructor(cause?: unknown) {
    super('The device storage is full.', { cause });
    this.name = 'StorageFullError';
  }
}

/** True for a QuotaExceededError however the storage library wrapped it (Dexie, PouchDB, RxDB). */
export function isQuotaExceeded(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    if (e instanceof StorageFullError) return true;
    const name = (e as { name?: unknown }).name;
    const message = String((e as { message?: unknown }).message ?? '');
    if (name === 'QuotaExceededError' || /quota/i.test(message)) return true;
    const inner = (e as { inner?: unknown; cause?: unknown; reason?: unknown }).inner;
    e = inner ?? (e as { cause?: unknown }).cause ?? (e as { reason?: unknown }).reason;
  }
  return false;
}
