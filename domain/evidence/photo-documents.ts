// A photo document as the device signs it at capture (issue 11): the vault's `photo:<sha256>` document, whose
// JPEG travels as its attachment. Signed like a report — `SIGNATURE_CONTEXT + JCS(content)`
// (signatures.ts) — where the content is every field below but `signature`: attachments, `_id` and `_rev` are
// CouchDB's and left out, so the signature covers the plaintext metadata whatever the vault does to the stored
// bytes (issue 13 seals attachments on the device). The id is `photo:` + sha256, so covering `sha256` fixes it.

/** The first photo document version the app signs; an unsigned one of this version is refused. */
export const FIRST_SIGNED_PHOTO_VERSION = 2;

export interface PhotoDocument {
  type: 'photo';
  /** Absent on documents made before signing (version 1). */
  schemaVersion?: number;
  /** Of the stored JPEG's plaintext bytes. */
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  contentType: 'image/jpeg';
  author: string;
  /** When the vault stored it (the device's clock). */
  storedAt: string;
  /** When the image reached the app: the camera frame taken, or the file picked (the device's clock). */
  capturedAt?: string;
  /** The report it was taken for (an "after" photo: the case it closes). */
  reportId?: string;
  deviceId?: string;
  signature?: string;
}

/** The fields of a signed photo document, besides those every photo document has. */
export const SIGNED_PHOTO_FIELDS = [
  'schemaVersion',
  'capturedAt',
  'reportId',
  'deviceId',
  'signature',
] as const;
