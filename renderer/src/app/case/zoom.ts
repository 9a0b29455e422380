// The photo viewer's zoom and pan as a pure state: scale between 1 and MAX_SCALE, and an offset that keeps
// the zoomed image covering its frame (no panning the picture out of sight).

export const MIN_SCALE = 1;
export const MAX_SCALE = 8;
export const STEP = 1.25;

export interface View {
  scale: number;
  x: number;
  y: number;
}

export const RESET: View = { scale: 1, x: 0, y: 0 };

/** The offset that keeps a `scale`-times image of `w`×`h` inside the frame (content centred at 0,0). */
export function clampView(v: View, w: number, h: number): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale));
  const maxX = ((scale - 1) * w) / 2;
  const maxY = ((scale - 1) * h) / 2;
  return { scale, x: Math.min(maxX, Math.max(-maxX, v.x)), y: Math.min(maxY, Math.max(-maxY, v.y)) };
}

/**
 * Zooms by `factor` keeping the point (px, py) — relative to the frame's centre — where it is on screen,
 * as wheel and pinch zoom should.
 */
export function zoomAt(v: View, factor: number, px: number, py: number, w: number, h: number): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor));
  const k = scale / v.scale;
  return clampView({ scale, x: px - (px - v.x) * k, y: py - (py - v.y) * k }, w, h);
}

export const pan = (v: View, dx: number, dy: number, w: number, h: number): View =>
  clampView({ ...v, x: v.x + dx, y: v.y + dy }, w, h);
