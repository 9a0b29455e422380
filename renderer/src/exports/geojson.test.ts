import { describe, expect, it } from 'vitest';
import { buildCaseRecords } from './case-record';
import { geoJsonText, reportsToGeoJson } from './geojson';
import { AWKWARD_REPORTS, EVENTS_A, IDS, sha } from './test-records';

const labels = { category: (id: string) => id };

/**
 * A structural RFC 7946 check of what we produce: a FeatureCollection of Features, each with a Point or
 * null geometry, positions [lng, lat] in range, an object (or null) for properties, no `crs` (removed by
 * RFC 7946), a string or number id. Returns the problems found, empty when valid.
 */
function rfc7946Problems(doc: unknown): string[] {
  const problems: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(doc)) return ['top level is not an object'];
  if (doc.type !== 'FeatureCollection') problems.push('type is not FeatureCollection');
  if ('crs' in doc) problems.push('crs is not part of RFC 7946');
  if (!Array.isArray(doc.features)) return [...problems, 'features is not an array'];
  doc.features.forEach((f: unknown, i) => {
    const at = `features[${i}]`;
    if (!isObj(f)) return void problems.push(`${at} is not an object`);
    if (f.type !== 'Feature') problems.push(`${at}.type is not Feature`);
    if ('id' in f && typeof f.id !== 'string' && typeof f.id !== 'number') problems.push(`${at}.id`);
    if (!('properties' in f) || !(f.properties === null || isObj(f.properties)))
      problems.push(`${at}.properties`);
    if (!('geometry' in f)) return void problems.push(`${at} has no geometry member`);
    const g = f.geometry;
    if (g === null) return;
    if (!isObj(g) || g.type !== 'Point') return void problems.push(`${at}.geometry is not a Point`);
    const c = g.coordinates;
    if (
      !Array.isArray(c) ||
      c.length < 2 ||
      c.length > 3 ||
      !c.every((n) => typeof n === 'number' && Number.isFinite(n))
    )
      return void problems.push(`${at}.geometry.coordinates is not a position`);
    const [lng, lat] = c as number[];
    if (lng! < -180 || lng! > 180) problems.push(`${at} longitude out of range`);
    if (lat! < -90 || lat! > 90) problems.push(`${at} latitude out of range`);
  });
  return problems;
}

describe('GeoJSON export', () => {
  const records = buildCaseRecords(AWKWARD_REPORTS, EVENTS_A);
  const text = geoJsonText(reportsToGeoJson(records, labels));
  const doc = JSON.parse(text) as ReturnType<typeof reportsToGeoJson>;

  it('is a valid RFC 7946 FeatureCollection with one feature per report, in order', () => {
    expect(rfc7946Problems(doc)).toEqual([]);
    expect(doc.features.map((f) => f.id)).toEqual(AWKWARD_REPORTS.map((r) => r.id));
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('puts longitude first', () => {
    const a = doc.features[0]!;
    expect(a.geometry).toEqual({ type: 'Point', coordinates: [106.8295, -6.2297] });
    const c = doc.features[2]!;
    expect(c.geometry?.coordinates).toEqual([106.8272, -6.1754]);
  });

  it('keeps a report without a location as a feature with null geometry', () => {
    const b = doc.features.find((f) => f.id === IDS.b)!;
    expect(b.geometry).toBeNull();
    expect(b.properties.accuracyM).toBeNull();
    expect(b.properties.locationSource).toBeNull();
  });

  it('gives every feature the same keys, with JSON null (not "" or "null") for what does not exist', () => {
    const keys = Object.keys(doc.features[0]!.properties).sort();
    for (const f of doc.features) {
      expect(Object.keys(f.properties).sort()).toEqual(keys);
      for (const v of Object.values(f.properties)) {
        expect(v).not.toBe('');
        expect(v).not.toBe('null');
        expect(v).not.toBeUndefined();
      }
    }
    const b = doc.features[1]!.properties;
    expect(b.team).toBeNull();
    expect(b.kelurahan).toBeNull();
  });

  it('carries the text, the folded state and the photo hashes exactly', () => {
    const a = doc.features[0]!.properties;
    expect(a.description).toBe(AWKWARD_REPORTS[0]!.description);
    expect(a.placeNote).toBe(AWKWARD_REPORTS[0]!.placeNote);
    expect(a.status).toBe('selesai');
    expect(a.closedAt).toBe('2025-01-31T11:00:00.000Z');
    expect(a.photos.map((p) => p.sha256)).toEqual([sha('a'), sha('b')]);
    expect(doc.features[1]!.properties.description).toContain('日本語 ✓');
  });

  it('the checker itself catches the classic mistakes', () => {
    expect(
      rfc7946Problems({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {} }] }),
    ).toEqual(['features[0] has no geometry member']);
    const swapped = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-6.2, 106.8] } },
      ],
    };
    expect(rfc7946Problems(swapped)).toEqual(['features[0] latitude out of range']);
    expect(rfc7946Problems({ type: 'FeatureCollection', features: [], crs: {} })).toEqual([
      'crs is not part of RFC 7946',
    ]);
  });
});
