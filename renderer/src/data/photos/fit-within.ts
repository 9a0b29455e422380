/** The size of `width`×`height` scaled down so its long edge is at most `maxEdge`; never scaled up. */
export function fitWithin(width: number, height: number, maxEdge: number): { width: number; height: number } {
  for (const [name, v] of [
    ['width', width],
    ['height', height],
    ['maxEdge', maxEdge],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, not ${v}`);
  }
  const long = Math.max(width, height);
  if (long <= maxEdge) return { width, height };
  const scale = maxEdge / long;
  // The long edge is exactly maxEdge (no rounding drift); the short one never collapses to zero.
  return width >= height
    ? { width: maxEdge, height: Math.max(1, Math.round(height * scale)) }
    : { width: Math.max(1, Math.round(width * scale)), height: maxEdge };
}
