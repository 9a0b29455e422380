// Issue 13's profile scan: what an app leaves in a Chromium profile folder, searched byte for byte after the
// browser is closed (used by data-at-rest.spec.ts and device-wipe.spec.ts).

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Every file under `dir` (the profile), read whole. */
function* filesUnder(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

/** The files holding any of the needles (each also as UTF-16LE: V8 may store strings two bytes a char). */
export function scan(dir: string, needles: Record<string, Buffer>): Record<string, string[]> {
  const patterns = Object.entries(needles).flatMap(([name, bytes]) => {
    const out: Array<[string, Buffer]> = [[name, bytes]];
    if (name.startsWith('text:')) out.push([name, Buffer.from(bytes.toString('latin1'), 'utf16le')]);
    return out;
  });
  const found: Record<string, string[]> = {};
  for (const file of filesUnder(dir)) {
    const content = fs.readFileSync(file);
    for (const [name, bytes] of patterns) {
      if (content.includes(bytes)) (found[name] ??= []).push(path.relative(dir, file));
    }
  }
  return found;
}

/** Three 64-byte runs from the middle of a JPEG's entropy-coded data (never headers, which repeat). */
export function byteRuns(label: string, jpeg: Buffer): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const at of [0.4, 0.6, 0.8]) {
    const start = Math.floor(jpeg.length * at);
    out[`${label}@${at}`] = jpeg.subarray(start, start + 64);
  }
  return out;
}

/** A JPEG made by the browser, with detail so its compressed bytes are unique. */
export async function browserJpeg(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(1600, 1200);
    const ctx = canvas.getContext('2d')!;
    for (let i = 0; i < 3000; i++) {
      ctx.fillStyle = `hsl(${(i * 37) % 360} 70% ${30 + (i % 40)}%)`;
      ctx.fillRect((i * 97) % 1600, (i * 53) % 1200, 30 + (i % 20), 20 + (i % 15));
    }
    const bytes = new Uint8Array(
      await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer(),
    );
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

/** The decrypted thumbnail the app shows (an object URL made from the vault), as bytes. */
export async function shownThumbnail(page: Page): Promise<Buffer> {
  const b64 = await page
    .getByTestId('photo-thumb')
    .locator('img')
    .first()
    .evaluate(async (img) => {
      const bytes = new Uint8Array(await (await fetch((img as HTMLImageElement).src)).arrayBuffer());
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    });
  return Buffer.from(b64, 'base64');
}
