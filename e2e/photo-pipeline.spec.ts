import { createHash } from 'node:crypto';
import exifr from 'exifr';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { openLab, type Lab } from './support/lab';
import type { LabImportOptions } from '../renderer/lab/photo-lab-api';
import { photoLab } from './support/photo-lab-client';

// The photo pipeline and vault in real Chromium (canvas, Web Crypto, a module worker, real IndexedDB),
// checked from Node with independent parsers: what the page reports is never taken on its word.

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Width and height from the JPEG's SOF header, and its metadata segments, parsed here in Node. */
function parseJpeg(b: Buffer): { width: number; height: number; app: number[] } {
  const app: number[] = [];
  let size = { width: 0, height: 0 };
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1]!;
    if (marker === 0xda) break;
    if (marker >= 0xe0 && marker <= 0xef) app.push(marker - 0xe0);
    if (marker >= 0xc0 && marker <= 0xc3)
      size = { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
    at += 2 + b.readUInt16BE(at + 2);
  }
  return { ...size, app };
}

async function processed(page: Page, b64: string, opts?: LabImportOptions) {
  const r = await photoLab(page, 'processBytes', b64, opts);
  if ('error' in r) throw new Error(`expected a photo, got ${JSON.stringify(r.error)}`);
  return r;
}

async function refusal(page: Page, b64: string, opts?: LabImportOptions) {
  const r = await photoLab(page, 'processBytes', b64, opts);
  if (!('error' in r)) throw new Error(`expected a refusal, got a ${r.width}×${r.height} photo`);
  return r.error;
}

describe('photo pipeline in Chromium', () => {
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let lab: Lab;
  let page: Page;

  beforeAll(async () => {
    ({ browser, close: closeBrowser } = await launchChromium());
    lab = await openLab(browser);
    page = lab.page;
  });

  afterAll(async () => {
    await lab?.close();
    await closeBrowser?.();
  });

  it('resizes a 12 MP photo to 1920×1440 in a worker, and makes a 320 px thumbnail', async () => {
    expect(await photoLab(page, 'workerActive')).toBe(true);
    const input = await photoLab(page, 'makeJpeg', 4000, 3000, 0.9, 'gradient');
    const p = await processed(page, input);
    expect([p.width, p.height]).toEqual([1920, 1440]);
    const jpeg = Buffer.from(p.jpegB64, 'base64');
    expect(parseJpeg(jpeg)).toMatchObject({ width: 1920, height: 1440 });
    expect(p.bytes).toBe(jpeg.length);
    expect(p.jpegType).toBe('image/jpeg');
    expect(p.thumb).toMatchObject({ width: 320, height: 240, type: 'image/jpeg' });
    expect(p.exif).toBeNull();
  });

  it('never upscales a small image', async () => {
    const p = await processed(page, await photoLab(page, 'makeJpeg', 800, 600, 0.9, 'gradient'));
    expect([p.width, p.height]).toEqual([800, 600]);
    expect(parseJpeg(Buffer.from(p.jpegB64, 'base64'))).toMatchObject({ width: 800, height: 600 });
  });

  it('honours EXIF orientation: a sideways-stored portrait comes out upright', async () => {
    // Stored 400×300, red above blue, tagged "rotate 90° clockwise": upright it is 300×400, blue | red.
    const input = await photoLab(
      page,
      'addExif',
      await photoLab(page, 'makeJpeg', 400, 300, 0.95, 'halves'),
      {
        orientation: 6,
      },
    );
    const p = await processed(page, input);
    expect([p.width, p.height]).toEqual([300, 400]);
    const [left, right] = await Promise.all([
      photoLab(page, 'pixelAt', p.jpegB64, 40, 200),
      photoLab(page, 'pixelAt', p.jpegB64, 260, 200),
    ]);
    expect(left[2]).toBeGreaterThan(200); // blue
    expect(left[0]).toBeLessThan(60);
    expect(right[0]).toBeGreaterThan(200); // red
    expect(right[2]).toBeLessThan(60);

    const big = await photoLab(
      page,
      'addExif',
      await photoLab(page, 'makeJpeg', 4000, 3000, 0.8, 'gradient'),
      {
        orientation: 6,
      },
    );
    const q = await processed(page, big);
    expect([q.width, q.height]).toEqual([1440, 1920]);
  });

  it('reads GPS and capture time from EXIF, then stores a JPEG without any of it', async () => {
    const takenAt = '2024-05-01T03:20:30.000Z';
    const input = await photoLab(page, 'addExif', await photoLab(page, 'makeJpeg', 1200, 900, 0.9, 'photo'), {
      lat: -6.175392,
      lng: 106.827153,
      takenAt,
      serial: 'SN-SECRET-4711',
    });
    // The input really carries it (checked in Node with exifr).
    const original = Buffer.from(input, 'base64');
    const before = (await exifr.parse(original)) as { latitude?: number; BodySerialNumber?: string };
    expect(before.latitude).toBeCloseTo(-6.175392, 5);
    expect(original.includes('SN-SECRET-4711')).toBe(true);

    const p = await processed(page, input);
    expect(p.exif?.location?.lat).toBeCloseTo(-6.175392, 6);
    expect(p.exif?.location?.lng).toBeCloseTo(106.827153, 6);
    expect(p.exif?.takenAt).toBe(takenAt);

    const out = Buffer.from(p.jpegB64, 'base64');
    expect(parseJpeg(out).app).not.toContain(1); // no APP1 at all: neither EXIF nor XMP
    expect(p.metadataSegments.filter((s) => s.startsWith('APP1'))).toEqual([]);
    for (const secret of ['Exif', 'SN-SECRET-4711', 'Tertib Test Camera', 'http://ns.adobe.com']) {
      expect(out.includes(secret), secret).toBe(false);
    }
    const after = ((await exifr.parse(out, { gps: true })) ?? {}) as { latitude?: number };
    expect(after.latitude).toBeUndefined();
  });

  it('tolerates missing and garbled EXIF', async () => {
    const plain = await photoLab(page, 'makeJpeg', 640, 480, 0.9, 'gradient');
    expect((await processed(page, plain)).exif).toBeNull();

    const tagged = Buffer.from(
      await photoLab(page, 'addExif', plain, { lat: -6.2, lng: 106.8, takenAt: '2024-01-02T03:04:05.000Z' }),
      'base64',
    );
    // Scramble the TIFF structure inside the APP1 segment (after "Exif\0\0"), keeping the segment length.
    const exifAt = tagged.indexOf('Exif') + 6;
    for (let i = exifAt; i < exifAt + 60; i++) tagged[i] = (i * 37) & 0xff;
    const p = await processed(page, tagged.toString('base64'));
    expect([p.width, p.height]).toEqual([640, 480]);
    expect(p.exif).toBeNull();
  });

  it('hashes exactly the stored bytes (sha256 as Node computes it); the same input gives the same photo', async () => {
    const input = await photoLab(page, 'makeJpeg', 2000, 1500, 0.9, 'photo');
    const a = await processed(page, input);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.sha256).toBe(sha256(Buffer.from(a.jpegB64, 'base64')));
    const b = await processed(page, input);
    expect(b.sha256).toBe(a.sha256);
  });

  it('gives the same photo on the main-thread fallback as in the worker', async () => {
    const input = await photoLab(page, 'makeJpeg', 3000, 2000, 0.9, 'photo');
    const inWorker = await processed(page, input);
    const here = await photoLab(page, 'transcodeOnMainThread', input);
    expect(here).toEqual({ ok: true, sha256: inWorker.sha256, width: 1920, height: 1280 });
    const bad = await photoLab(page, 'transcodeOnMainThread', Buffer.from('not a photo').toString('base64'));
    expect(bad).toEqual({ ok: false, code: 'not-image' });
  });

  it('turns a camera frame into a stored photo', async () => {
    const p = await photoLab(page, 'captureFromCamera');
    expect(p.frameType).toBe('image/jpeg');
    expect(p.width).toBeGreaterThan(0);
    expect(Math.max(p.width, p.height)).toBeLessThanOrEqual(1920);
    expect(p.sha256).toBe(sha256(Buffer.from(p.jpegB64, 'base64')));
  });

  it('makes a transparent PNG white (not black) and accepts WebP', async () => {
    const png = await processed(page, await photoLab(page, 'makeImage', 200, 100, 'image/png'));
    expect([png.width, png.height]).toEqual([200, 100]);
    const [transparent, green] = await Promise.all([
      photoLab(page, 'pixelAt', png.jpegB64, 20, 50),
      photoLab(page, 'pixelAt', png.jpegB64, 180, 50),
    ]);
    expect(Math.min(...transparent)).toBeGreaterThan(240);
    expect(green[1]).toBeGreaterThan(120);
    expect(green[0]).toBeLessThan(60);
    const webp = await processed(page, await photoLab(page, 'makeImage', 300, 200, 'image/webp'));
    expect([webp.width, webp.height]).toEqual([300, 200]);
  });

  describe('the vault', () => {
    const db = `vault-${Date.now()}`;

    it('stores a photo once: the same bytes twice keep one copy, and the copy survives a reload', async () => {
      const input = await photoLab(page, 'makeJpeg', 1600, 1200, 0.9, 'photo');
      const first = await photoLab(page, 'vaultPut', db, input);
      const second = await photoLab(page, 'vaultPut', db, input);
      if ('error' in first || 'error' in second) throw new Error(JSON.stringify([first, second]));
      expect(first.stored).toBe(true);
      expect(second).toEqual({ sha256: first.sha256, stored: false });

      const docs = await photoLab(page, 'vaultDocs', db);
      expect(docs).toHaveLength(1);
      expect(docs[0]).toMatchObject({
        _id: `photo:${first.sha256}`,
        type: 'photo',
        sha256: first.sha256,
        width: 1600,
        height: 1200,
        contentType: 'image/jpeg',
        author: 'ani',
      });
      expect(Object.keys(docs[0]?._attachments ?? {}).sort()).toEqual(['photo.jpg', 'thumb.jpg']);

      await page.reload();
      await page.waitForFunction(() => (window as unknown as { tertibLabReady?: boolean }).tertibLabReady);
      expect(await photoLab(page, 'vaultHas', db, first.sha256)).toBe(true);
      const stored = await photoLab(page, 'vaultGet', db, first.sha256);
      expect(stored?.type).toBe('image/jpeg');
      expect(sha256(Buffer.from(stored?.b64 ?? '', 'base64'))).toBe(first.sha256);
      expect(await photoLab(page, 'vaultThumbnail', db, first.sha256)).toMatchObject({ type: 'image/jpeg' });
      expect(await photoLab(page, 'vaultPut', db, input)).toEqual({ sha256: first.sha256, stored: false });
      expect(await photoLab(page, 'vaultDocs', db)).toHaveLength(1);
      expect(await photoLab(page, 'vaultGet', db, '0'.repeat(64))).toBeNull();
    });

    it('refuses a photo whose bytes do not match its sha256', async () => {
      const before = (await photoLab(page, 'vaultDocs', db)).length;
      const r = await photoLab(page, 'vaultPutForged', db, await photoLab(page, 'makeJpeg', 300, 200));
      expect('error' in r && r.error.message).toMatch(/do not match/);
      expect(await photoLab(page, 'vaultDocs', db)).toHaveLength(before);
    });

    it('removes only unreferenced photos older than the cut-off', async () => {
      const orphans = `orphans-${Date.now()}`;
      const put = async (w: number) => {
        const r = await photoLab(page, 'vaultPut', orphans, await photoLab(page, 'makeJpeg', w, 100));
        if ('error' in r) throw new Error(JSON.stringify(r.error));
        return r.sha256;
      };
      const hour = 3_600_000;
      await photoLab(page, 'setClockOffset', -2 * hour);
      const [kept, old1, old2] = [await put(101), await put(102), await put(103)];
      await photoLab(page, 'setClockOffset', 0);
      const young = await put(104);
      expect(await photoLab(page, 'vaultRemoveOrphans', orphans, [kept], hour)).toBe(2);
      const left = (await photoLab(page, 'vaultDocs', orphans)).map((d) => d.sha256).sort();
      expect(left).toEqual([kept, young].sort());
      expect(await photoLab(page, 'vaultHas', orphans, old1)).toBe(false);
      expect(await photoLab(page, 'vaultGet', orphans, old2)).toBeNull();
      expect(await photoLab(page, 'vaultRemoveOrphans', orphans, [kept], hour)).toBe(0);
      // A removed photo can be stored again (e.g. the officer re-attaches it).
      expect(await put(102)).toBe(old1);
      expect(await photoLab(page, 'vaultHas', orphans, old1)).toBe(true);
    });
  });

  describe('refuses every bad file with the right reason, and stores nothing', () => {
    const db = `bad-${Date.now()}`;
    const refuse = async (b64: string, code: string, opts?: LabImportOptions) => {
      expect((await refusal(page, b64, opts)).code).toBe(code);
      const put = await photoLab(page, 'vaultPut', db, b64, opts);
      expect('error' in put && put.error).toMatchObject({ name: 'PhotoError', code });
      expect(await photoLab(page, 'vaultDocs', db)).toEqual([]);
    };
    const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64');
    let jpeg: Buffer;
    beforeAll(async () => {
      jpeg = Buffer.from(await photoLab(page, 'makeJpeg', 1000, 750, 0.9, 'photo'), 'base64');
    });

    it('text, even named like a photo', () =>
      refuse(b64('Laporan: PKL di trotoar, bukan foto.\n'), 'not-image'));
    it('an empty file', () => refuse('', 'not-image'));
    it('a truncated JPEG', () => refuse(b64(jpeg.subarray(0, Math.floor(jpeg.length * 0.6))), 'corrupt'));
    it('a JPEG cut right after its headers', () => refuse(b64(jpeg.subarray(0, 700)), 'corrupt'));
    it('a JPEG header followed by garbage', () =>
      refuse(
        b64(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.alloc(4000, 0x5a)])),
        'corrupt',
      ));
    it('a truncated PNG', async () => {
      const png = Buffer.from(await photoLab(page, 'makeImage', 400, 300, 'image/png'), 'base64');
      await refuse(b64(png.subarray(0, png.length - 30)), 'corrupt');
    });
    it('a HEIC photo (iPhone)', () => {
      const ftyp = Buffer.concat([
        Buffer.from([0, 0, 0, 0x18]),
        Buffer.from('ftypheic\0\0\0\0mif1heic'),
        Buffer.alloc(2000, 1),
      ]);
      return refuse(b64(ftyp), 'unsupported-format');
    });
    it('a TIFF', () =>
      refuse(b64(Buffer.concat([Buffer.from('II*\0'), Buffer.alloc(500)])), 'unsupported-format'));
    it('a file larger than the import limit (checked before reading it)', () =>
      refuse(b64(jpeg), 'too-large', { maxImportBytes: jpeg.length - 1 }));
    it('a 41 MB file under the default 40 MB limit', async () => {
      const r = await photoLab(page, 'processLargeBlob', 41 * 1024 * 1024);
      expect('error' in r && r.error.code).toBe('too-large');
    });
  });
});
