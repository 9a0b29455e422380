import { describe, expect, it } from 'vitest';
import { validateReport } from '../../../domain/report';
import type { AreaList } from '../api/reference-data';
import { fixedDataKey } from '../data/keys/fixed-key';
import { MemoryStore } from '../platform/key-value-store';
import { chosenArea, lastAreaCode, lastAreaKey, rememberArea } from './area-preference';
import { areaLabel, areaOf, areaOptions, searchAreas, shortKotaName } from './area-search';
import { buildReport } from './build-report';

// A slice of DKI Jakarta as `GET /api/areas` serves it (idn-area-data), with the names that make search
// interesting: "Menteng" is a kecamatan and part of several kelurahan names in other kecamatan.
const areas: AreaList = {
  province: { code: '31', name: 'DKI Jakarta' },
  kota: [
    { code: '31.71', name: 'Kota Administrasi Jakarta Pusat' },
    { code: '31.74', name: 'Kota Administrasi Jakarta Selatan' },
    { code: '31.75', name: 'Kota Administrasi Jakarta Timur' },
  ],
  kecamatan: [
    { code: '31.71.01', name: 'Gambir', kotaCode: '31.71' },
    { code: '31.71.06', name: 'Menteng', kotaCode: '31.71' },
    { code: '31.74.01', name: 'Tebet', kotaCode: '31.74' },
    { code: '31.74.02', name: 'Setiabudi', kotaCode: '31.74' },
    { code: '31.75.06', name: 'Pulo Gadung', kotaCode: '31.75' },
  ],
  kelurahan: [
    { code: '31.71.01.1001', name: 'Gambir', kecamatanCode: '31.71.01' },
    { code: '31.71.01.1005', name: 'Kebon Kelapa', kecamatanCode: '31.71.01' },
    { code: '31.71.06.1001', name: 'Menteng', kecamatanCode: '31.71.06' },
    { code: '31.71.06.1005', name: 'Kebon Sirih', kecamatanCode: '31.71.06' },
    { code: '31.74.01.1003', name: 'Menteng Dalam', kecamatanCode: '31.74.01' },
    { code: '31.74.02.1005', name: 'Menteng Atas', kecamatanCode: '31.74.02' },
    { code: '31.75.06.1006', name: 'Jati', kecamatanCode: '31.75.06' },
  ],
};

const options = areaOptions(areas);
const names = (query: string) => searchAreas(options, query).map((o) => o.area.kelurahan.name);

describe('areaOf', () => {
  it('builds the full area of a kelurahan, which a report accepts', () => {
    const area = areaOf(areas, '31.74.01.1003');
    expect(area).toEqual({
      kelurahan: { code: '31.74.01.1003', name: 'Menteng Dalam' },
      kecamatan: { code: '31.74.01', name: 'Tebet' },
      kota: { code: '31.74', name: 'Kota Administrasi Jakarta Selatan' },
    });
    const report = buildReport({
      id: '0b7e3c1a-5f2d-4c8e-9a1b-2c3d4e5f6a7b',
      user: { name: 'budi', team: 'regu-1', region: 'jakarta-selatan' },
      categoryId: 'parkir-liar',
      description: 'Parkir liar',
      placeNote: '',
      location: null,
      area,
      photos: [{ sha256: 'a'.repeat(64), bytes: 1, width: 1, height: 1 }],
      capturedAt: null,
      now: new Date('2026-03-01T02:04:00.000Z'),
      deviceId: 'device-1',
      appVersion: '0.1.0',
    });
    expect(report.ok && validateReport(report.value).ok).toBe(true);
  });

  it('is null for an unknown code or a kelurahan whose parents are missing', () => {
    expect(areaOf(areas, '31.71.01.9999')).toBeNull();
    expect(
      areaOf({ ...areas, kecamatan: areas.kecamatan.filter((k) => k.code !== '31.71.01') }, '31.71.01.1001'),
    ).toBeNull();
  });
});

describe('areaOptions', () => {
  it('labels each kelurahan "Kelurahan, Kecamatan, Kota", alphabetically', () => {
    expect(options.map((o) => o.label)).toEqual([
      'Gambir, Gambir, Kota Jakarta Pusat',
      'Jati, Pulo Gadung, Kota Jakarta Timur',
      'Kebon Kelapa, Gambir, Kota Jakarta Pusat',
      'Kebon Sirih, Menteng, Kota Jakarta Pusat',
      'Menteng, Menteng, Kota Jakarta Pusat',
      'Menteng Atas, Setiabudi, Kota Jakarta Selatan',
      'Menteng Dalam, Tebet, Kota Jakarta Selatan',
    ]);
    // The report keeps the official name; only the label is shortened.
    expect(options[0]?.area.kota.name).toBe('Kota Administrasi Jakarta Pusat');
    expect(shortKotaName('Kabupaten Administrasi Kepulauan Seribu')).toBe('Kabupaten Kepulauan Seribu');
    expect(shortKotaName('Kota Bandung')).toBe('Kota Bandung');
    expect(areaLabel(options[1]!.area)).toBe('Jati, Pulo Gadung, Kota Jakarta Timur');
  });
});

describe('searchAreas', () => {
  it('offers everything for an empty query', () => {
    expect(searchAreas(options, '  ')).toHaveLength(areas.kelurahan.length);
  });

  it('ranks kelurahan names beginning with the query first, then names containing it, then kecamatan matches', () => {
    expect(names('menteng')).toEqual(['Menteng', 'Menteng Atas', 'Menteng Dalam', 'Kebon Sirih']);
    expect(names('dalam')).toEqual(['Menteng Dalam']);
    expect(names('sirih')).toEqual(['Kebon Sirih']);
  });

  it('needs every word to match, in any order, across the three names', () => {
    expect(names('menteng tebet')).toEqual(['Menteng Dalam']);
    expect(names('tebet menteng')).toEqual(['Menteng Dalam']);
    expect(names('kebon gambir')).toEqual(['Kebon Kelapa']);
    expect(names('kebon jakarta pusat')).toEqual(['Kebon Kelapa', 'Kebon Sirih']);
    expect(names('jak sel')).toEqual(['Menteng Atas', 'Menteng Dalam']);
    expect(names('kebon tebet')).toEqual([]);
  });

  it('ignores case, accents and punctuation, and matches word beginnings only', () => {
    expect(names('MENTÉNG  dalam')).toEqual(['Menteng Dalam']);
    expect(names('pulo-gadung')).toEqual(['Jati']);
    expect(names('enteng')).toEqual([]);
  });
});

describe('the area a new report gets', () => {
  const SERVER = 'http://192.168.1.10:4984';
  const gambir = areaOf(areas, '31.71.01.1001')!;
  const tebet = areaOf(areas, '31.74.01.1003')!;

  it('remembers the last area per server and user, sealed with their data key', async () => {
    const store = new MemoryStore();
    const key = await fixedDataKey('budi');
    expect(await lastAreaCode(store, SERVER, 'budi', key)).toBeNull();
    await rememberArea(store, SERVER, 'budi', key, tebet);
    expect(await lastAreaCode(store, SERVER, 'budi', key)).toBe('31.74.01.1003');
    expect(store.getItem(lastAreaKey(SERVER, 'budi'))).not.toContain('31.74');
    expect(await lastAreaCode(store, SERVER, 'ani', key)).toBeNull();
    expect(await lastAreaCode(store, 'http://other:4984', 'budi', key)).toBeNull();
    store.setItem(lastAreaKey(SERVER, 'ani'), '<script>');
    expect(await lastAreaCode(store, SERVER, 'ani', key)).toBeNull();
  });

  it("takes the officer's choice, else the last area, through the current list; none without a list", () => {
    expect(chosenArea(undefined, null, areas)).toBeNull();
    expect(chosenArea(undefined, '31.74.01.1003', areas)).toEqual(tebet);
    expect(chosenArea(gambir, '31.74.01.1003', areas)).toEqual(gambir);
    expect(chosenArea(null, '31.74.01.1003', areas)).toBeNull();
    // A code the list no longer has (another province, a renamed list) is not carried over.
    expect(chosenArea(undefined, '32.73.01.1001', areas)).toBeNull();
    // The list's current names win over a copy kept in the draft.
    const renamed = { ...gambir, kelurahan: { ...gambir.kelurahan, name: 'Gambir Lama' } };
    expect(chosenArea(renamed, null, areas)).toEqual(gambir);
    expect(chosenArea(gambir, '31.74.01.1003', null)).toBeNull();
  });
});
