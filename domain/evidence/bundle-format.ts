// The files of a case bundle (issue 11), shared by the server that builds it and the verifier.

export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  report: 'report.json',
  events: 'events.json',
  receipts: 'receipts.json',
  devices: 'devices.json',
  serverKey: 'server-key.json',
  checkpoint: 'checkpoint.json',
  pdf: 'case-report.pdf',
} as const;

export const photoFileName = (sha256: string): string => `photos/${sha256}.jpg`;
/** The photo's document as the device signed it (photo-documents.ts), without CouchDB's fields. */
export const photoDocumentFileName = (sha256: string): string => `photos/${sha256}.json`;

export interface BundleManifest {
  format: 'tertib-case-bundle-1';
  caseId: string;
  createdAt: string;
  /** The deployment's limit for the clock difference flag (TERTIB_CLOCK_LIMIT_MINUTES). */
  clockLimitMinutes: number;
  /** Every file but the manifest, by name, with its size and sha256. */
  files: Array<{ name: string; bytes: number; sha256: string }>;
}

/** A bundle's device entry: what the verifier needs of the registry. */
export interface BundleDevice {
  id: string;
  user: string;
  algorithm: 'Ed25519';
  publicKey: string;
  name: string;
  firstContact: string;
  revoked: { at: string; by: string; reason: string } | null;
}
