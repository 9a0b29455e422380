import { describe, expect, it } from 'vitest';
import { inspectImage, jpegMetadataSegments } from './image-structure';

const seg = (marker: number, body: number[]): number[] => [
  0xff,
  marker,
  (body.length + 2) >> 8,
  (body.length + 2) & 0xff,
  ...body,
];
const text = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];
const APP0 = seg(0xe0, [...text('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const APP1 = seg(0xe1, [...text('Exif'), 0, 0, 0x4d, 0x4d, 0, 42]);
const SOF0 = seg(0xc0, [8, 0x0b, 0xb8, 0x0f, 0xa0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]); // 4000×3000
const SOS = seg(0xda, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0]);
// Entropy-coded data with a stuffed FF00 and a restart marker, both of which are not the end of the scan.
const DATA = [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56];
const jpeg = (...parts: number[][]): Uint8Array => new Uint8Array(parts.flat());

describe('inspectImage (JPEG)', () => {
  it('reads the size from SOF and accepts a whole file', () => {
    expect(inspectImage('jpeg', jpeg(SOI, APP0, SOF0, SOS, DATA, EOI))).toEqual({
      size: { width: 4000, height: 3000 },
      truncated: false,
    });
  });

  it('accepts data after EOI (camera trailers, appended preview images)', () => {
    const r = inspectImage('jpeg', jpeg(SOI, SOF0, SOS, DATA, EOI, [0, 1, 2, 3, 0xff]));
    expect(r.truncated).toBe(false);
  });

  it.each([
    ['cut inside the scan', jpeg(SOI, APP0, SOF0, SOS, DATA)],
    ['cut inside a stuffed byte', jpeg(SOI, SOF0, SOS, [0x12, 0xff])],
    ['cut inside the headers', jpeg(SOI, APP0, SOF0).subarray(0, 30)],
    ['headers only', jpeg(SOI, APP0, SOF0)],
    ['no frame header at all', jpeg(SOI, APP0, SOS, DATA, EOI)],
    ['garbage where a marker belongs', jpeg(SOI, APP0, [0x12, 0x34, 0x56, 0x78], SOF0, SOS, DATA, EOI)],
    ['a segment length below 2', jpeg(SOI, [0xff, 0xe0, 0, 1], SOF0, SOS, DATA, EOI)],
    ['a segment length past the end', jpeg(SOI, [0xff, 0xe1, 0xff, 0xff, 1, 2, 3])],
    ['SOI alone', jpeg(SOI)],
  ])('flags a JPEG %s', (_name, input) => {
    expect(inspectImage('jpeg', input).truncated).toBe(true);
  });

  it('lists metadata segments by name', () => {
    const com = seg(0xfe, text('secret'));
    expect(jpegMetadataSegments(jpeg(SOI, APP0, APP1, com, SOF0, SOS, DATA, EOI))).toEqual([
      'APP0:JFIF',
      'APP1:Exif',
      'COM',
    ]);
    expect(jpegMetadataSegments(jpeg(SOI, APP0, SOF0, SOS, DATA, EOI))).toEqual(['APP0:JFIF']);
  });
});

describe('inspectImage (other formats)', () => {
  const chunk = (type: string, data: number[]): number[] => [0, 0, 0, data.length, ...text(type), ...data, 1, 2, 3, 4];
  const png = (...chunks: number[][]): Uint8Array =>
    new Uint8Array([0x89, ...text('PNG'), 0x0d, 0x0a, 0x1a, 0x0a, ...chunks.flat()]);
  const IHDR = chunk('IHDR', [0, 0, 0x0f, 0xa0, 0, 0, 0x0b, 0xb8, 8, 6, 0, 0, 0]);

  it('reads a PNG size and wants IEND', () => {
    expect(inspectImage('png', png(IHDR, chunk('IDAT', [1, 2, 3]), chunk('IEND', [])))).toEqual({
      size: { width: 4000, height: 3000 },
      truncated: false,
    });
    expect(inspectImage('png', png(IHDR, chunk('IDAT', [1, 2, 3]))).truncated).toBe(true);
    expect(inspectImage('png', png(IHDR, chunk('IDAT', [1, 2, 3])).subarray(0, 40)).truncated).toBe(true);
  });

  it('sees a huge declared canvas before decoding (decompression bombs)', () => {
    const bomb = chunk('IHDR', [0, 1, 0, 0, 0, 1, 0, 0, 8, 2, 0, 0, 0]); // 65536 × 65536
    expect(inspectImage('png', png(bomb, chunk('IEND', []))).size).toEqual({ width: 65536, height: 65536 });
  });

  it('checks a WebP against its RIFF size', () => {
    const vp8x = [...text('RIFF'), 22, 0, 0, 0, ...text('WEBPVP8X'), 10, 0, 0, 0, 0, 0, 0, 0];
    const whole = new Uint8Array([...vp8x, 0x9f, 0x0f, 0, 0xb7, 0x0b, 0, 0, 0]); // 4000×3000
    expect(inspectImage('webp', whole)).toEqual({ size: { width: 4000, height: 3000 }, truncated: false });
    expect(inspectImage('webp', whole.subarray(0, 29)).truncated).toBe(true);
  });
});
