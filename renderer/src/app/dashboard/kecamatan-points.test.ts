import { describe, expect, it } from 'vitest';
import type { ReviewRow } from '../../data/review/use-review';
import { kecamatanPoints, pointRadius } from './kecamatan-points';

const row = (kecamatan: [string, string] | null, at: [number, number] | null): ReviewRow =>
  ({
    report: {
      area: kecamatan ? { kecamatan: { code: kecamatan[0], name: kecamatan[1] } } : undefined,
      location: at ? { lat: at[0], lng: at[1] } : null,
    },
  }) as unknown as ReviewRow;

const GAMBIR: [string, string] = ['31.71.01', 'Gambir'];
const MENTENG: [string, string] = ['31.71.06', 'Menteng'];

describe('kecamatanPoints', () => {
  it('counts per kecamatan at the centre of its located reports', () => {
    const points = kecamatanPoints([
      row(GAMBIR, [-6.17, 106.82]),
      row(GAMBIR, [-6.19, 106.84]),
      row(GAMBIR, null),
      row(MENTENG, [-6.2, 106.83]),
      row(null, [-6.1, 106.9]),
    ]);
    expect(points).toHaveLength(2);
    expect(points[0]).toMatchObject({ code: '31.71.01', name: 'Gambir', count: 3, located: 2 });
    expect(points[0]!.lat).toBeCloseTo(-6.18, 10);
    expect(points[0]!.lng).toBeCloseTo(106.83, 10);
    expect(points[1]).toMatchObject({ name: 'Menteng', count: 1, located: 1, lat: -6.2, lng: 106.83 });
  });

  it('keeps a kecamatan whose reports have no location in the table, off the map', () => {
    expect(kecamatanPoints([row(MENTENG, null)])).toEqual([
      { code: '31.71.06', name: 'Menteng', count: 1, located: 0, lat: null, lng: null },
    ]);
  });

  it('sizes points by area', () => {
    expect(pointRadius(100, 100)).toBe(40);
    expect(pointRadius(25, 100)).toBe(20);
    expect(pointRadius(1, 10_000)).toBe(6);
  });
});
