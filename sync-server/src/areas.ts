// The deployment's administrative areas — kota, kecamatan, kelurahan with their Kemendagri codes — read from
// `idn-area-data` (the official list as CSV in the npm package; no boundary polygons, so the area of a
// report is chosen by the officer, not computed from GPS). One province per deployment, loaded once.

import { getDistricts, getProvinces, getRegencies, getVillages } from 'idn-area-data';
import type { AreasResponse } from '../../domain/api';

/**
 * The source spells regencies and provinces in capitals ("KOTA ADMINISTRASI JAKARTA PUSAT") and districts
 * and villages in title case; show them all the second way. Short all-capital words stay (e.g. "DKI").
 */
export function areaDisplayName(name: string): string {
  if (name !== name.toUpperCase()) return name.trim();
  return name
    .trim()
    .split(/\s+/)
    .map((word) => (word.length <= 3 ? word : word[0] + word.slice(1).toLowerCase()))
    .join(' ');
}

export class UnknownProvinceError extends Error {
  constructor(code: string) {
    super(`TERTIB_AREA_PROVINCE: no province with Kemendagri code "${code}" in idn-area-data`);
    this.name = 'UnknownProvinceError';
  }
}

const byCode = (a: { code: string }, b: { code: string }): number =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : 0;

export async function loadAreas(provinceCode: string): Promise<AreasResponse> {
  const [provinces, regencies, districts, villages] = await Promise.all([
    getProvinces(),
    getRegencies(),
    getDistricts(),
    getVillages(),
  ]);
  const province = provinces.find((p) => p.code === provinceCode);
  if (!province) throw new UnknownProvinceError(provinceCode);
  const kota = regencies
    .filter((r) => r.province_code === provinceCode)
    .map((r) => ({ code: r.code, name: areaDisplayName(r.name) }))
    .sort(byCode);
  const kotaCodes = new Set(kota.map((k) => k.code));
  const kecamatan = districts
    .filter((d) => kotaCodes.has(d.regency_code))
    .map((d) => ({ code: d.code, name: areaDisplayName(d.name), kotaCode: d.regency_code }))
    .sort(byCode);
  const kecamatanCodes = new Set(kecamatan.map((k) => k.code));
  const kelurahan = villages
    .filter((v) => kecamatanCodes.has(v.district_code))
    .map((v) => ({ code: v.code, name: areaDisplayName(v.name), kecamatanCode: v.district_code }))
    .sort(byCode);
  return {
    ok: true,
    province: { code: province.code, name: areaDisplayName(province.name) },
    kota,
    kecamatan,
    kelurahan,
  };
}

/** Loads on first use and keeps the answer; a failed load is retried by the next caller. */
export class AreaDirectory {
  private loading: Promise<AreasResponse> | null = null;
  private names: Promise<Map<string, string>> | null = null;

  /** The display name of a kota, kecamatan or kelurahan code of the province, or null when it is not one. */
  async name(code: string): Promise<string | null> {
    this.names ??= this.get().then(
      (areas) =>
        new Map([...areas.kota, ...areas.kecamatan, ...areas.kelurahan].map((a) => [a.code, a.name])),
      (err: unknown) => {
        this.names = null;
        throw err;
      },
    );
    return (await this.names).get(code) ?? null;
  }

  constructor(private readonly provinceCode: string) {}

  get(): Promise<AreasResponse> {
    if (!this.loading) {
      this.loading = loadAreas(this.provinceCode).catch((err: unknown) => {
        this.loading = null;
        throw err;
      });
    }
    return this.loading;
  }
}
