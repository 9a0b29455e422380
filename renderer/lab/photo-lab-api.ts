// The shape of `window.tertibLab.photos`, in a module free of PouchDB and DOM-only imports, so the Node side
// (e2e specs, the benchmark) can type its calls without compiling the vault (whose typings add a global
// `Buffer` that clashes with Node's).

import type { ExifHints } from '../src/data/contracts';

export interface LabError {
  error: { name: string; code: string | null; message: string };
}

export interface LabImportOptions {
  maxImportBytes?: number;
  maxEdge?: number;
  quality?: number;
  thumbEdge?: number;
}

export interface LabPhoto {
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  exif: ExifHints | null;
  jpegB64: string;
  jpegType: string;
  /** `APPn:identifier` / `COM` segments of the stored JPEG, as the renderer's parser sees them. */
  metadataSegments: string[];
  thumb: { bytes: number; width: number; height: number; type: string };
}

export interface LabPhotoDoc {
  _id: string;
  _attachments?: Record<string, unknown>;
  type: 'photo';
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  contentType: string;
  author: string;
  storedAt: string;
}

export type LabPattern = 'gradient' | 'photo' | 'halves';

export interface ExifTags {
  lat?: number;
  lng?: number;
  takenAt?: string;
  orientation?: number;
  serial?: string;
}

export interface BenchRun {
  ms: number;
  width: number;
  height: number;
  bytes: number;
}

export interface PhotoLab {
  workerActive(): boolean;
  makeJpeg(width: number, height: number, quality?: number, pattern?: LabPattern): Promise<string>;
  makeImage(width: number, height: number, mime: 'image/png' | 'image/webp'): Promise<string>;
  addExif(jpegB64: string, tags: ExifTags): string;
  pixelAt(jpegB64: string, x: number, y: number): Promise<[number, number, number]>;
  processLargeBlob(size: number): Promise<{ ok: true } | LabError>;
  processBytes(b64: string, opts?: LabImportOptions): Promise<LabPhoto | LabError>;
  captureFromCamera(): Promise<LabPhoto & { frameType: string }>;
  transcodeOnMainThread(
    b64: string,
  ): Promise<
    { ok: true; sha256: string; width: number; height: number } | { ok: false; code: string | null }
  >;
  setClockOffset(ms: number): void;
  vaultPut(
    name: string,
    b64: string,
    opts?: LabImportOptions,
    author?: string,
  ): Promise<{ sha256: string; stored: boolean } | LabError>;
  vaultPutForged(name: string, b64: string): Promise<{ sha256: string; stored: boolean } | LabError>;
  vaultGet(name: string, sha256: string): Promise<{ type: string; b64: string } | null>;
  vaultThumbnail(name: string, sha256: string): Promise<{ type: string; bytes: number } | null>;
  vaultHas(name: string, sha256: string): Promise<boolean>;
  vaultDocs(name: string): Promise<LabPhotoDoc[]>;
  vaultRemoveOrphans(name: string, referenced: string[], olderThanMs: number): Promise<number>;
  vaultClose(name: string): Promise<void>;
  benchPrepare(width: number, height: number, runs: number): Promise<{ inputBytes: number[] }>;
  benchPipeline(i: number): Promise<BenchRun>;
  benchFloor(
    i: number,
    width: number,
    height: number,
    quality?: number,
  ): Promise<{ ms: number; bytes: number }>;
}
