// Draws build/icon.png (1024×1024 RGBA): a navy rounded square with a gold shield bearing a navy "T".
// Dependency-free (zlib only) so the icon can be regenerated anywhere: `node build/make-icon.mjs`.
// electron-builder derives every platform's icon set (icns, ico, Linux sizes) from this one file.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
const SAMPLES = 4; // 4×4 supersampling per pixel for smooth edges

const NAVY_TOP = [0x1a, 0x3f, 0x8f];
const NAVY_BOTTOM = [0x0b, 0x1f, 0x4d];
const GOLD = [0xf5, 0xb7, 0x00];
const WHITE = [0xff, 0xff, 0xff];
const INK = [0x0b, 0x1f, 0x4d];

/** Rounded square: the macOS icon grid's 824 px body, centred, corner radius 185. */
function inBody(x, y) {
  const min = 100;
  const max = 924;
  const r = 185;
  if (x < min || x > max || y < min || y > max) return false;
  const cx = Math.min(Math.max(x, min + r), max - r);
  const cy = Math.min(Math.max(y, min + r), max - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Heraldic shield centred on x = 512, scaled by `s` around its centre. */
function inShield(x, y, s) {
  const cx = 512;
  const cy = 525;
  const dx = (x - cx) / s;
  const ly = (y - cy) / s + cy;
  const half = 235;
  const shoulder = 575;
  const tip = 815;
  if (Math.abs(dx) > half) return false;
  const top = 245 + 28 * (1 - (dx / half) ** 2); // a gentle dip in the middle of the top edge
  if (ly < top) return false;
  if (ly <= shoulder) return true;
  if (ly > tip) return false;
  const t = (ly - shoulder) / (tip - shoulder);
  return Math.abs(dx) <= half * (1 - t) ** 0.72;
}

function inLetterT(x, y) {
  const bar = x >= 382 && x <= 642 && y >= 345 && y <= 415;
  const stem = x >= 477 && x <= 547 && y >= 405 && y <= 665;
  return bar || stem;
}

function colourAt(x, y) {
  if (!inBody(x, y)) return null;
  if (inLetterT(x, y) && inShield(x, y, 1)) return INK;
  if (inShield(x, y, 1)) return GOLD;
  if (inShield(x, y, 1.075)) return WHITE;
  const t = (y - 100) / 824;
  return NAVY_TOP.map((c, i) => Math.round(c + (NAVY_BOTTOM[i] - c) * t));
}

function render() {
  const stride = SIZE * 4 + 1;
  const raw = Buffer.alloc(stride * SIZE);
  for (let py = 0; py < SIZE; py++) {
    raw[py * stride] = 0; // PNG filter type: none
    for (let px = 0; px < SIZE; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = colourAt(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          if (c === null) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const o = py * stride + 1 + px * 4;
      if (a > 0) {
        raw[o] = Math.round(r / a);
        raw[o + 1] = Math.round(g / a);
        raw[o + 2] = Math.round(b / a);
      }
      raw[o + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return raw;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(width, height, raw) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  header[10] = 0; // compression
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = fileURLToPath(new URL('./icon.png', import.meta.url));
writeFileSync(out, png(SIZE, SIZE, render()));
console.log(`wrote ${out}`);
