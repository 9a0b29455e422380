import { describe, expect, it } from 'vitest';
import { MAX_SCALE, RESET, clampView, pan, zoomAt } from './zoom';

describe('photo zoom', () => {
  it('keeps the point under the cursor in place', () => {
    const v = zoomAt(RESET, 2, 100, 50, 800, 600);
    expect(v).toEqual({ scale: 2, x: -100, y: -50 });
    // The point (100, 50) maps to 100 - (-100) ... i.e. image point 100 is now at x + 100·2 = 100.
    expect(v.x + 100 * v.scale).toBe(100);
  });

  it('stays between 1× and the maximum, and at 1× cannot be panned', () => {
    expect(zoomAt(RESET, 0.5, 0, 0, 800, 600)).toEqual(RESET);
    expect(zoomAt({ scale: 7, x: 0, y: 0 }, 4, 0, 0, 800, 600).scale).toBe(MAX_SCALE);
    expect(pan(RESET, 50, 50, 800, 600)).toEqual({ scale: 1, x: 0, y: 0 });
  });

  it('never pans the picture out of its frame', () => {
    expect(pan({ scale: 2, x: 0, y: 0 }, 10_000, -10_000, 800, 600)).toEqual({ scale: 2, x: 400, y: -300 });
    expect(clampView({ scale: 3, x: -5000, y: 0 }, 100, 100)).toEqual({ scale: 3, x: -100, y: 0 });
  });
});
