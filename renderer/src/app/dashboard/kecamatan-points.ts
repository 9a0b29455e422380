import type { ReviewRow } from '../../data/review/use-review';

/** One kecamatan's reports: how many, and the centre of those with a location. */
export interface KecamatanPoint {
  code: string;
  name: string;
  count: number;
  /** Reports with a location (the centre is theirs); 0 → not on the map, still in the table. */
  located: number;
  lat: number | null;
  lng: number | null;
}

/**
 * Reports per kecamatan for the dashboard map (issue 12): each kecamatan's count, at the mean position of its
 * reports that have one (reports carry their kecamatan as chosen by the officer, not computed from GPS, and no
 * boundary polygons ship with the app — so the point is where its reports are). Reports without a kecamatan
 * are left out. Largest first, then by name.
 */
export function kecamatanPoints(rows: readonly ReviewRow[]): KecamatanPoint[] {
  const byCode = new Map<string, KecamatanPoint & { sumLat: number; sumLng: number }>();
  for (const row of rows) {
    const kecamatan = row.report.area?.kecamatan;
    if (!kecamatan) continue;
    let p = byCode.get(kecamatan.code);
    if (!p) {
      p = {
        code: kecamatan.code,
        name: kecamatan.name,
        count: 0,
        located: 0,
        lat: null,
        lng: null,
        sumLat: 0,
        sumLng: 0,
      };
      byCode.set(kecamatan.code, p);
    }
    p.count++;
    const loc = row.report.location;
    if (loc) {
      p.located++;
      p.sumLat += loc.lat;
      p.sumLng += loc.lng;
    }
  }
  return [...byCode.values()]
    .map(({ sumLat, sumLng, ...p }) => ({
      ...p,
      lat: p.located ? sumLat / p.located : null,
      lng: p.located ? sumLng / p.located : null,
    }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'id'));
}

/** Circle radius in pixels: area proportional to the count, 6 px for one report, 40 px for the largest. */
export function pointRadius(count: number, largest: number): number {
  if (largest <= 0) return 6;
  return Math.max(6, Math.round(40 * Math.sqrt(count / largest)));
}
