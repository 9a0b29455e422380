import { describe, expect, it } from 'vitest';
import { isOtherImageFormat, sniffImageType } from './sniff';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

const ftyp = (major: string, ...compatible: string[]): Uint8Array =>
  bytes([0, 0, 0, 16 + 4 * compatible.length], 'ftyp', major, [0, 0, 0, 0], ...compatible);

describe('sniffImageType', () => {
  it.each([
    ['JPEG (JFIF)', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF'), 'jpeg'],
    ['JPEG (EXIF)', bytes([0xff, 0xd8, 0xff, 0xe1, 0x12, 0x34], 'Exif'), 'jpeg'],
    ['PNG', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), 'png'],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'webp'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'gif'],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'gif'],
    ['HEIC (iPhone)', ftyp('heic', 'mif1', 'heic'), 'heic'],
    ['HEIF (mif1 major brand)', ftyp('mif1', 'heic'), 'heic'],
    ['HEIF sequence', ftyp('msf1', 'hevc'), 'heic'],
    ['AVIF in HEIF', ftyp('avif', 'mif1', 'miaf'), 'heic'],
    ['HEIC named only among compatible brands', ftyp('MiHE', 'heix'), 'heic'],
    ['BMP', bytes('BM', [0x36, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0]), 'bmp'],
  ])('%s', (_name, input, expected) => {
    expect(sniffImageType(input)).toBe(expected);
  });

  it.each([
    ['empty', bytes()],
    ['plain text', bytes('Laporan PKL di trotoar')],
    ['text starting with BM', bytes('BMW parkir di trotoar Jl. Sudirman')],
    ['JPEG SOI without a third marker byte', bytes([0xff, 0xd8])],
    ['JPEG SOI then text', bytes([0xff, 0xd8], 'hello')],
    ['PNG signature cut short', bytes([0x89], 'PNG', [0x0d, 0x0a])],
    ['PNG signature with a wrong byte', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x00])],
    ['RIFF audio (WAVE)', bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt ')],
    ['GIF with a bad version', bytes('GIF90a', [1, 0])],
    ['MP4 video', ftyp('isom', 'iso2', 'mp41')],
    ['QuickTime video', ftyp('qt  ')],
    ['ftyp box lying about its size', bytes([0xff, 0xff, 0xff, 0xff], 'ftypisom', [0, 0, 0, 0], 'iso2')],
    ['PDF', bytes('%PDF-1.7\n')],
    ['ZIP (a .docx)', bytes('PK', [3, 4, 20, 0])],
    ['HTML', bytes('<!doctype html><img src=x>')],
    ['SVG (scripts; never decoded as a photo)', bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['Windows executable', bytes('MZ', [0x90, 0])],
    ['TIFF', bytes('II*', [0])],
  ])('%s → null', (_name, input) => {
    expect(sniffImageType(input)).toBeNull();
  });

  it('reads only the bytes it is given (no out-of-range reads on tiny inputs)', () => {
    for (let n = 0; n < 20; n++) expect(() => sniffImageType(new Uint8Array(n).fill(0xff))).not.toThrow();
  });
});

describe('isOtherImageFormat', () => {
  it.each([
    ['TIFF little-endian', bytes('II*', [0])],
    ['TIFF big-endian', bytes('MM', [0, 42])],
    ['JPEG XL codestream', bytes([0xff, 0x0a, 0xfa])],
    ['JPEG XL container', bytes([0, 0, 0, 12], 'JXL ', [0x0d, 0x0a, 0x87, 0x0a])],
    ['JPEG 2000', bytes([0, 0, 0, 12], 'jP  ', [0x0d, 0x0a, 0x87, 0x0a])],
    ['Photoshop', bytes('8BPS', [0, 1])],
  ])('%s', (_name, input) => {
    expect(isOtherImageFormat(input)).toBe(true);
  });

  it.each([bytes('hello'), bytes(), bytes([0xff, 0xd8, 0xff])])('not for %s', (input) => {
    expect(isOtherImageFormat(input)).toBe(false);
  });
});
