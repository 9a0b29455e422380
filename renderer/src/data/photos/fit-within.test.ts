import { describe, expect, it } from 'vitest';
import { fitWithin } from './fit-within';

describe('fitWithin', () => {
  it.each([
    [4000, 3000, 1920, 1920, 1440],
    [3000, 4000, 1920, 1440, 1920],
    [4032, 3024, 1920, 1920, 1440],
    [1920, 1080, 1920, 1920, 1080],
    [800, 600, 1920, 800, 600], // never upscaled
    [5000, 5000, 1920, 1920, 1920],
    [12000, 10, 1920, 1920, 2], // a panorama strip keeps a sensible short edge
    [100000, 1, 320, 320, 1], // and never collapses to zero
    [1921, 1, 1920, 1920, 1],
    [3, 2, 2, 2, 1],
  ])('%i×%i within %i → %i×%i', (w, h, max, ew, eh) => {
    expect(fitWithin(w, h, max)).toEqual({ width: ew, height: eh });
  });

  it('keeps the aspect ratio within rounding', () => {
    for (const [w, h] of [
      [4000, 2250],
      [2448, 3264],
      [7952, 5304],
      [1080, 2400],
    ] as const) {
      const r = fitWithin(w, h, 1920);
      expect(Math.max(r.width, r.height)).toBe(1920);
      expect(Math.abs(r.width / r.height - w / h)).toBeLessThan(0.002);
    }
  });

  it.each([
    [0, 100, 10],
    [100, -1, 10],
    [100, 100, 0],
    [Number.NaN, 100, 10],
    [100, Infinity, 10],
    [10.5, 100, 10],
  ])('refuses %s×%s within %s', (w, h, max) => {
    expect(() => fitWithin(w, h, max)).toThrow(RangeError);
  });
});
