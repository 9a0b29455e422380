// Parsing of hand-typed coordinates. Officers copy them from a map app, an external GNSS receiver or a
// colleague's message, often with an Indonesian decimal comma ("-6,2088"). The grammar is deliberately
// narrow: a sign, up to three integer digits and an optional fraction — no exponents ("1e400"), no hex, no
// "Infinity", no thousands separators — so what is accepted is exactly what a person meant to type.

import { REPORT_LIMITS } from '../../../domain/report';

export type Axis = 'lat' | 'lng';

export type CoordinateResult =
  { ok: true; value: number; decimals: number } | { ok: false; problem: 'empty' | 'format' | 'range' };

const COORDINATE_RE = /^([+-]?)(\d{1,3})(?:[.,](\d{1,10}))?$/;
const RANGE: Record<Axis, number> = { lat: 90, lng: 180 };

export function parseCoordinate(text: string, axis: Axis): CoordinateResult {
  // U+2212 (the typographic minus) arrives when coordinates are copied from formatted documents.
  const trimmed = text.trim().replace(/\u2212/g, '-');
  if (trimmed === '') return { ok: false, problem: 'empty' };
  const match = COORDINATE_RE.exec(trimmed);
  if (!match) return { ok: false, problem: 'format' };
  const [, sign = '', whole = '', fraction = ''] = match;
  const value = Number(`${sign}${whole}.${fraction || '0'}`);
  if (!Number.isFinite(value) || Math.abs(value) > RANGE[axis]) return { ok: false, problem: 'range' };
  // Avoid handing a negative zero to validators and exports.
  return { ok: true, value: value === 0 ? 0 : value, decimals: fraction.length };
}

/** Metres per degree of latitude (and of longitude at the equator; Jakarta is at 6° S). */
const METRES_PER_DEGREE = 111_320;

/**
 * A typed coordinate carries no accuracy, but its precision bounds it: with `d` decimals the point is known
 * to within 10^-d degrees. That figure (at least 1 m) is recorded, so "-6.2, 106.8" (~11 km) can never pass
 * for a precise fix.
 */
export function manualAccuracyM(latDecimals: number, lngDecimals: number): number {
  const decimals = Math.min(latDecimals, lngDecimals);
  const metres = Math.ceil(METRES_PER_DEGREE * 10 ** -decimals);
  return Math.min(REPORT_LIMITS.accuracyMaxM, Math.max(1, metres));
}
