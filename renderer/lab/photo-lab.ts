// The photo pipeline and vault on `window.tertibLab.photos`, for e2e/photo-pipeline.spec.ts and the benchmark
// (e2e/bench/). Everything crosses page.evaluate as plain data: bytes as base64, errors as `{ error }`.

import piexif from 'piexifjs';
import { PhotoError, type PhotoVault, type ProcessedPhoto } from '../src/data/contracts';
import {
  captureVideoFrame,
  photoWorkerActive,
  processPhoto,
  type ProcessPhotoOptions,
} from '../src/data/photos';
import { jpegMetadataSegments } from '../src/data/photos/image-structure';
import { transcode } from '../src/data/photos/transcode';
import type { DataKey } from '../src/data/keys/data-key';
import { openPhotoVault, type LocalPhotoVault } from '../src/data/photos/photo-vault';
import { makeDeviceKey, signerFor } from '../src/data/device-key/device-key';
import type { ExifTags, LabError, LabImportOptions, LabPattern, LabPhoto, PhotoLab } from './photo-lab-api';

function toB64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function fromB64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const blobB64 = async (blob: Blob): Promise<string> => toB64(new Uint8Array(await blob.arrayBuffer()));
const blobOf = (b64: string): Blob => new Blob([fromB64(b64)]); // no type: the pipeline must sniff

function asLabError(err: unknown): LabError {
  const e = err as { name?: string; message?: string };
  return {
    error: {
      name: e?.name ?? 'Error',
      code: err instanceof PhotoError ? err.code : null,
      message: e?.message ?? String(err),
    },
  };
}

/** A test image: `halves` is red above blue (to see rotation), `photo` has camera-like detail and noise. */
async function makeJpegBlob(
  width: number,
  height: number,
  quality: number,
  pattern: LabPattern,
  variant = 0,
): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  if (pattern === 'halves') {
    ctx.fillStyle = '#f00';
    ctx.fillRect(0, 0, width, Math.ceil(height / 2));
    ctx.fillStyle = '#00f';
    ctx.fillRect(0, Math.ceil(height / 2), width, height);
  } else {
    const g = ctx.createLinearGradient(0, 0, width, height);
    g.addColorStop(0, '#2b5876');
    g.addColorStop(0.5, '#c9d6a3');
    g.addColorStop(1, '#4e4376');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, width, height);
  }
  if (pattern === 'photo') {
    // Shapes for edges and sensor-like noise so the JPEG is as hard to code as a real photo (~1 byte/pixel
    // at high quality, where a smooth gradient would compress to almost nothing).
    for (let i = 0; i < 400; i++) {
      ctx.fillStyle = `hsl(${(i * 47) % 360} 60% ${30 + (i % 40)}%)`;
      ctx.fillRect((i * 7919) % width, (i * 104729) % height, 20 + (i % 200), 20 + ((i * 3) % 150));
    }
    const img = ctx.getImageData(0, 0, width, height);
    const px = img.data;
    let seed = 12345;
    for (let i = 0; i < px.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = (seed >> 16) % 25;
      px[i] = px[i]! + n - 12;
      px[i + 1] = px[i + 1]! + ((n * 7) % 25) - 12;
      px[i + 2] = px[i + 2]! + ((n * 13) % 25) - 12;
    }
    ctx.putImageData(img, 0, 0);
  }
  if (variant) {
    // A distinct corner per variant: same cost to code, different bytes (so a vault put is never a duplicate).
    ctx.fillStyle = `hsl(${variant * 37} 80% 50%)`;
    ctx.fillRect(0, 0, 64, 64);
  }
  return canvas.convertToBlob({ type: 'image/jpeg', quality });
}

function dms(value: number): [number, number][] {
  const abs = Math.abs(value);
  const d = Math.floor(abs);
  const m = Math.floor((abs - d) * 60);
  const s = Math.round(((abs - d) * 60 - m) * 60 * 1000);
  return [
    [d, 1],
    [m, 1],
    [s, 1000],
  ];
}

/** EXIF as a phone writes it: GPS, capture time (local wall clock), orientation, a device serial. */
function addExif(jpegB64: string, tags: ExifTags): string {
  const zeroth: Record<number, string | number> = { [piexif.ImageIFD.Make!]: 'Tertib Test Camera' };
  if (tags.orientation) zeroth[piexif.ImageIFD.Orientation!] = tags.orientation;
  const exif: Record<number, string> = {};
  if (tags.serial) exif[piexif.ExifIFD.BodySerialNumber!] = tags.serial;
  if (tags.takenAt) {
    const t = new Date(tags.takenAt);
    const p = (n: number) => String(n).padStart(2, '0');
    exif[piexif.ExifIFD.DateTimeOriginal!] =
      `${t.getFullYear()}:${p(t.getMonth() + 1)}:${p(t.getDate())} ` +
      `${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())}`;
  }
  const gps: Record<number, string | [number, number][]> = {};
  if (tags.lat !== undefined && tags.lng !== undefined) {
    gps[piexif.GPSIFD.GPSLatitudeRef!] = tags.lat < 0 ? 'S' : 'N';
    gps[piexif.GPSIFD.GPSLatitude!] = dms(tags.lat);
    gps[piexif.GPSIFD.GPSLongitudeRef!] = tags.lng < 0 ? 'W' : 'E';
    gps[piexif.GPSIFD.GPSLongitude!] = dms(tags.lng);
  }
  const payload = piexif.dump({ '0th': zeroth, Exif: exif, GPS: gps });
  return btoa(piexif.insert(payload, atob(jpegB64)));
}

async function summarize(p: ProcessedPhoto): Promise<LabPhoto> {
  const jpeg = new Uint8Array(await p.jpeg.arrayBuffer());
  const thumb = await createImageBitmap(p.thumbnail);
  const summary = {
    sha256: p.sha256,
    bytes: p.bytes,
    width: p.width,
    height: p.height,
    exif: p.exif,
    jpegB64: toB64(jpeg),
    jpegType: p.jpeg.type,
    metadataSegments: jpegMetadataSegments(jpeg),
    thumb: { bytes: p.thumbnail.size, width: thumb.width, height: thumb.height, type: p.thumbnail.type },
  };
  thumb.close();
  return summary;
}

async function pixelAt(jpegB64: string, x: number, y: number): Promise<[number, number, number]> {
  const bitmap = await createImageBitmap(blobOf(jpegB64));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.drawImage(bitmap, 0, 0);
  const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
  return [r!, g!, b!];
}

let clockOffsetMs = 0;
let labKey: DataKey | null = null;
const vaults = new Map<string, LocalPhotoVault>();
function vault(name: string): LocalPhotoVault {
  let v = vaults.get(name);
  if (!v) {
    if (labKey === null) throw new Error('registerPhotoLab first');
    v = openPhotoVault(name, { key: labKey, now: () => new Date(Date.now() + clockOffsetMs) });
    vaults.set(name, v);
  }
  return v;
}

const MB = 1024 * 1024;
const importOpts = (opts: LabImportOptions = {}): ProcessPhotoOptions => ({
  maxImportBytes: 40 * MB,
  ...opts,
});

/** Benchmark inputs stay in the page (megabytes never cross the DevTools protocol). */
const bench = { inputs: [] as Blob[], vault: null as PhotoVault | null };

export function registerPhotoLab(lab: Record<string, unknown>, key: DataKey): void {
  labKey = key;
  lab['photos'] = makePhotoLab();
}

function makePhotoLab(): PhotoLab {
  return {
    workerActive: () => photoWorkerActive(),
    makeJpeg: async (width: number, height: number, quality = 0.92, pattern: LabPattern = 'gradient') =>
      blobB64(await makeJpegBlob(width, height, quality, pattern)),
    /** A PNG or WebP with a transparent corner (JPEG has no alpha: it must come out white, not black). */
    async makeImage(width: number, height: number, mime: 'image/png' | 'image/webp') {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      ctx.fillStyle = '#0a0';
      ctx.fillRect(width / 2, 0, width / 2, height);
      return blobB64(await canvas.convertToBlob({ type: mime }));
    },
    addExif,
    pixelAt,
    /** A file over the default 40 MB limit, made in the page: refused by size before it is read. */
    async processLargeBlob(size: number) {
      const head = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
      try {
        await processPhoto(new Blob([head, new Uint8Array(size - head.length)]), { maxImportBytes: 40 * MB });
        return { ok: true };
      } catch (err) {
        return asLabError(err);
      }
    },
    async processBytes(b64: string, opts?: LabImportOptions) {
      try {
        return await summarize(await processPhoto(blobOf(b64), importOpts(opts)));
      } catch (err) {
        return asLabError(err);
      }
    },
    /** The main-thread fallback (no Worker): the same transcoding, run in the page itself. */
    async transcodeOnMainThread(b64: string) {
      const r = await transcode(blobOf(b64), { maxEdge: 1920, quality: 0.8, thumbEdge: 320 });
      return r.ok
        ? { ok: true as const, sha256: r.value.sha256, width: r.value.width, height: r.value.height }
        : { ok: false as const, code: r.code };
    },
    /** A camera frame through the whole pipeline (Chromium's fake camera in the tests). */
    async captureFromCamera() {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = stream;
      await video.play();
      try {
        const frame = await captureVideoFrame(video);
        return { frameType: frame.type, ...(await summarize(await processPhoto(frame, importOpts()))) };
      } finally {
        for (const track of stream.getTracks()) track.stop();
      }
    },
    setClockOffset(ms: number) {
      clockOffsetMs = ms;
    },
    async vaultPut(name: string, b64: string, opts?: LabImportOptions, author = 'ani') {
      try {
        return await vault(name).put(await processPhoto(blobOf(b64), importOpts(opts)), { author });
      } catch (err) {
        return asLabError(err);
      }
    },
    /** A photo whose bytes do not match its sha256: the vault must refuse it. */
    async vaultPutForged(name: string, b64: string) {
      try {
        const p = await processPhoto(blobOf(b64), importOpts());
        const forged = { ...p, sha256: p.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0')) };
        return await vault(name).put(forged, { author: 'ani' });
      } catch (err) {
        return asLabError(err);
      }
    },
    async vaultGet(name: string, sha256: string) {
      const blob = await vault(name).getPhoto(sha256);
      return blob && { type: blob.type, b64: await blobB64(blob) };
    },
    async vaultThumbnail(name: string, sha256: string) {
      const blob = await vault(name).getThumbnail(sha256);
      return blob && { type: blob.type, bytes: blob.size };
    },
    vaultHas: (name: string, sha256: string) => vault(name).has(sha256),
    vaultDocs: (name: string) => vault(name).list(),
    vaultRemoveOrphans: (name: string, referenced: string[], olderThanMs: number) =>
      vault(name).removeOrphans(new Set(referenced), olderThanMs),
    async vaultClose(name: string) {
      await vaults.get(name)?.close();
      vaults.delete(name);
    },

    // Benchmark (e2e/bench/photo-bench.ts): the same inputs for the pipeline and for the floor.
    async benchPrepare(width: number, height: number, runs: number) {
      bench.inputs = [];
      for (let i = 0; i < runs; i++)
        bench.inputs.push(await makeJpegBlob(width, height, 0.92, 'photo', i + 1));
      if (labKey === null) throw new Error('registerPhotoLab first');
      // Signing at capture (issue 11) is part of what is measured: the app's vault signs every photo document.
      bench.vault = openPhotoVault(`bench-${Date.now()}`, {
        key: labKey,
        signer: signerFor(await makeDeviceKey()),
      });
      return { inputBytes: bench.inputs.map((b) => b.size) };
    },
    /**
     * Capture-to-durable: processPhoto (worker) + vault.put, which signs the photo document with the device
     * key (Ed25519, WebCrypto) and commits the IndexedDB transaction.
     */
    async benchPipeline(i: number) {
      const input = bench.inputs[i];
      if (!input || !bench.vault) throw new Error('benchPrepare first');
      const t0 = performance.now();
      const capturedAt = new Date().toISOString();
      const photo = await processPhoto(input, importOpts());
      const { stored } = await bench.vault.put(photo, {
        author: 'bench',
        reportId: `bench-${i}`,
        capturedAt,
      });
      const ms = performance.now() - t0;
      if (!stored) throw new Error('bench input was not new');
      return { ms, width: photo.width, height: photo.height, bytes: photo.bytes };
    },
    /** The floor: the browser decoding and re-encoding the same input to the same size, nothing else. */
    async benchFloor(i: number, width: number, height: number, quality = 0.8) {
      const input = bench.inputs[i];
      if (!input) throw new Error('benchPrepare first');
      const t0 = performance.now();
      const bitmap = await createImageBitmap(input, {
        imageOrientation: 'from-image',
        resizeWidth: width,
        resizeHeight: height,
        resizeQuality: 'high',
      });
      const canvas = new OffscreenCanvas(width, height);
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
      bitmap.close();
      const out = await canvas.convertToBlob({ type: 'image/jpeg', quality });
      return { ms: performance.now() - t0, bytes: out.size };
    },
  };
}
