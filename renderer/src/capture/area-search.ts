// The report's administrative area, chosen from the deployment's cached list (no boundary polygons: it is
// never computed from GPS). Officers type any part of the place they stand in — the kelurahan, its kecamatan
// or its kota — in any order, without capitals or accents ("menteng dalam", "tebet menteng", "jak sel").

import type { Area } from '../../../domain/report';
import type { AreaList } from '../api/reference-data';
import { normalizeText } from './category-search';

/** One kelurahan with its parents, ready to be shown and searched. */
export interface AreaOption {
  area: Area;
  /** "Kelurahan, Kecamatan, Kota" as the list shows it. */
  label: string;
  /** Normalised words of the kelurahan name, and of all three names, for matching. */
  kelurahanWords: string[];
  allWords: string[];
  kelurahanText: string;
}

/**
 * "Kota Administrasi Jakarta Pusat" → "Kota Jakarta Pusat": the official name stays in the report, the list
 * shows the name people say (and fits a tablet's width). Other names are shown as they are.
 */
export function shortKotaName(name: string): string {
  return name.replace(/^(Kota|Kabupaten) Administrasi /i, '$1 ');
}

export function areaLabel(area: Area): string {
  return `${area.kelurahan.name}, ${area.kecamatan.name}, ${shortKotaName(area.kota.name)}`;
}

const words = (text: string): string[] => normalizeText(text).split(' ').filter(Boolean);

/** Kelurahan, then kecamatan, then kota name; '\0' sorts "Menteng" before "Menteng Atas". */
const sortKey = (area: Area): string =>
  [area.kelurahan.name, area.kecamatan.name, area.kota.name].map(normalizeText).join('\0');

/** Every kelurahan of the list with its kecamatan and kota, in kelurahan-name order. */
export function areaOptions(areas: AreaList): AreaOption[] {
  const kota = new Map(areas.kota.map((k) => [k.code, k]));
  const kecamatan = new Map(areas.kecamatan.map((k) => [k.code, k]));
  const options: AreaOption[] = [];
  for (const kel of areas.kelurahan) {
    const kec = kecamatan.get(kel.kecamatanCode);
    const kot = kec && kota.get(kec.kotaCode);
    if (!kec || !kot) continue;
    const area: Area = {
      kelurahan: { code: kel.code, name: kel.name },
      kecamatan: { code: kec.code, name: kec.name },
      kota: { code: kot.code, name: kot.name },
    };
    options.push({
      area,
      label: areaLabel(area),
      kelurahanWords: words(kel.name),
      allWords: [kel.name, kec.name, shortKotaName(kot.name)].flatMap(words),
      kelurahanText: normalizeText(kel.name),
    });
  }
  // Plain comparison of normalised keys: localeCompare costs seconds on a large province's list.
  const keyed = options.map((option) => ({ option, key: sortKey(option.area) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ option }) => option);
}

/** The full `Area` of a kelurahan code; null when the list has no such kelurahan. */
export function areaOf(areas: AreaList, kelurahanCode: string): Area | null {
  const kel = areas.kelurahan.find((k) => k.code === kelurahanCode);
  const kec = kel && areas.kecamatan.find((k) => k.code === kel.kecamatanCode);
  const kot = kec && areas.kota.find((k) => k.code === kec.kotaCode);
  if (!kel || !kec || !kot) return null;
  return {
    kelurahan: { code: kel.code, name: kel.name },
    kecamatan: { code: kec.code, name: kec.name },
    kota: { code: kot.code, name: kot.name },
  };
}

/**
 * Options where every typed word begins a word of the kelurahan, kecamatan or kota name. Ranked: kelurahan
 * names that begin with what was typed, then those where every word is in the kelurahan name, then matches
 * through the kecamatan or kota; alphabetical within each rank.
 */
export function searchAreas(options: readonly AreaOption[], query: string): AreaOption[] {
  const typed = words(query);
  if (typed.length === 0) return [...options];
  const text = typed.join(' ');
  const ranked: AreaOption[][] = [[], [], []];
  for (const option of options) {
    const inName = typed.every((w) => option.kelurahanWords.some((c) => c.startsWith(w)));
    if (!inName && !typed.every((w) => option.allWords.some((c) => c.startsWith(w)))) continue;
    const rank = option.kelurahanText.startsWith(text) ? 0 : inName ? 1 : 2;
    ranked[rank]!.push(option);
  }
  return ranked.flat();
}
