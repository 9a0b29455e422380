import { describe, expect, it } from 'vitest';
import { validateReport } from '../../../domain/report';
import { MemoryStore } from '../platform/key-value-store';
import { buildReport, type BuildReportInput } from './build-report';
import { acceptExif, emptyDraft, EXIF_ACCURACY_M, reportLocation } from './capture-form';
import { DEVICE_ID_KEY, deviceId } from './device-id';
import { draftReportId, forgetDraftReportId, isSavedLeftover, markReportSaved } from './draft-report-id';

const photo = (n: number) => ({
  sha256: String(n).repeat(64).slice(0, 64),
  bytes: 250_000,
  width: 2000,
  height: 1500,
});

function input(overrides: Partial<BuildReportInput> = {}): BuildReportInput {
  return {
    id: '0b7e3c1a-5f2d-4c8e-9a1b-2c3d4e5f6a7b',
    user: { name: 'budi', team: 'regu-1', region: '31.71' },
    categoryId: 'parkir-liar',
    description: '  Mobil parkir di trotoar depan pasar.  ',
    placeNote: '',
    location: {
      lat: -6.1754,
      lng: 106.8272,
      accuracyM: 12,
      source: 'device',
      fixedAt: '2026-03-01T02:03:04.000Z',
    },
    photos: [photo(1), photo(2)],
    capturedAt: '2026-03-01T02:03:00.000Z',
    now: new Date('2026-03-01T02:04:00.000Z'),
    deviceId: '6f1c2d3e-aaaa-4bbb-8ccc-123456789abc',
    appVersion: '0.1.0',
    ...overrides,
  };
}

describe('buildReport', () => {
  it('keeps the device fix beside a manual point, and only there (issue 12)', () => {
    const fix = input().location!;
    const manual = {
      lat: -6.17552,
      lng: 106.82771,
      accuracyM: 2,
      source: 'manual' as const,
      fixedAt: fix.fixedAt,
    };
    const placed = buildReport(input({ location: manual, deviceFix: fix }));
    expect(placed.ok && placed.value.location).toEqual(manual);
    expect(placed.ok && placed.value.deviceFix).toEqual(fix);
    expect(placed.ok && validateReport(placed.value).ok).toBe(true);
    // A device fix as the location needs no copy; no fix at all leaves the field out.
    const device = buildReport(input({ deviceFix: fix }));
    expect(device.ok && 'deviceFix' in device.value).toBe(false);
    const none = buildReport(input({ location: manual, deviceFix: null }));
    expect(none.ok && 'deviceFix' in none.value).toBe(false);
    // The domain bounds the field like a location.
    const bad = validateReport({ ...(placed.ok ? placed.value : {}), deviceFix: { ...fix, lat: 91 } });
    expect(bad.ok).toBe(false);
  });

  it('builds a report the domain validator accepts unchanged', () => {
    const built = buildReport(input());
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(validateReport(built.value)).toEqual({ ok: true, value: built.value });
    expect(built.value).toMatchObject({
      type: 'report',
      id: '0b7e3c1a-5f2d-4c8e-9a1b-2c3d4e5f6a7b',
      description: 'Mobil parkir di trotoar depan pasar.',
      capturedAt: '2026-03-01T02:03:00.000Z',
      createdAt: '2026-03-01T02:04:00.000Z',
      author: 'budi',
      team: 'regu-1',
      region: '31.71',
      schemaVersion: 2,
    });
    expect(built.value).not.toHaveProperty('placeNote');
  });

  it('records a missing location as null, and falls back to now for the capture time', () => {
    const built = buildReport(input({ location: null, capturedAt: null, placeNote: ' Depan Pasar Baru ' }));
    expect(built.ok && built.value).toMatchObject({
      location: null,
      capturedAt: '2026-03-01T02:04:00.000Z',
      placeNote: 'Depan Pasar Baru',
    });
  });

  it('carries the chosen area, checked by the validator, and none when there is none', () => {
    const area = {
      kelurahan: { code: '31.74.01.1003', name: 'Menteng Dalam' },
      kecamatan: { code: '31.74.01', name: 'Tebet' },
      kota: { code: '31.74', name: 'Kota Administrasi Jakarta Selatan' },
    };
    const built = buildReport(input({ area: { ...area, extra: 'x' } as typeof area }));
    expect(built.ok && built.value.area).toEqual(area);
    expect(built.ok && validateReport(built.value)).toEqual({ ok: true, value: built.ok && built.value });

    for (const none of [null, undefined]) {
      const without = buildReport(input({ area: none }));
      expect(without.ok).toBe(true);
      expect(without.ok && without.value).not.toHaveProperty('area');
    }

    const bad = buildReport(input({ area: { ...area, kecamatan: { code: 'Tebet', name: '' } } }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join()).toMatch(/area\.kecamatan/);
  });

  it('keeps only the reference fields of a photo', () => {
    const rich = { ...photo(3), jpeg: 'blob', thumbnail: 'blob', exif: null } as unknown as ReturnType<
      typeof photo
    >;
    const built = buildReport(input({ photos: [rich] }));
    expect(built.ok && built.value.photos).toEqual([photo(3)]);
  });

  it('carries manual and EXIF locations the validator accepts', () => {
    const now = new Date('2026-03-01T02:04:00.000Z');
    const manual = {
      ...emptyDraft(now),
      locationMode: 'manual' as const,
      manualLat: '-6,2',
      manualLng: '106.81',
    };
    const manualBuilt = buildReport(input({ location: reportLocation(manual, now) }));
    expect(manualBuilt.ok && manualBuilt.value.location).toMatchObject({
      lat: -6.2,
      lng: 106.81,
      source: 'manual',
    });

    const exif = acceptExif(emptyDraft(now), {
      location: { lat: -6.3, lng: 106.9 },
      takenAt: '2026-02-28T23:00:00.000Z',
    });
    const exifBuilt = buildReport(
      input({ location: reportLocation(exif, now), capturedAt: exif.capturedAt }),
    );
    expect(exifBuilt.ok && exifBuilt.value).toMatchObject({
      capturedAt: '2026-02-28T23:00:00.000Z',
      location: { source: 'exif', accuracyM: EXIF_ACCURACY_M, fixedAt: '2026-02-28T23:00:00.000Z' },
    });
  });

  it.each<[string, Partial<BuildReportInput>]>([
    ['no photo', { photos: [] }],
    ['too many photos', { photos: [1, 2, 3, 4, 5, 6].map(photo) }],
    ['no category', { categoryId: '' }],
    ['a blank description', { description: '   ' }],
    ['an overlong description', { description: 'x'.repeat(2001) }],
    ['an id that is not a UUID', { id: 'not-an-id' }],
    ['a latitude out of range', { location: { ...input().location!, lat: 91 } }],
    ['a user without a valid name', { user: { name: 'Budi Santoso', team: null, region: null } }],
  ])('is refused with %s', (_name, overrides) => {
    expect(buildReport(input(overrides)).ok).toBe(false);
  });

  it('honours a smaller server photo limit', () => {
    expect(buildReport(input({ maxPhotos: 1 })).ok).toBe(false);
  });
});

describe('device and draft ids', () => {
  it('keeps one device id per installation', () => {
    const store = new MemoryStore();
    const first = deviceId(store, () => 'dev-1');
    expect(first).toBe('dev-1');
    expect(deviceId(store, () => 'dev-2')).toBe('dev-1');
    store.setItem(DEVICE_ID_KEY, 'bad id with spaces');
    expect(deviceId(store, () => 'dev-3')).toBe('dev-3');
  });

  it('keeps the draft report id until the report is saved', () => {
    const store = new MemoryStore();
    const id = draftReportId(store, 'budi');
    expect(draftReportId(store, 'budi')).toBe(id);
    expect(draftReportId(store, 'sari')).not.toBe(id);
    forgetDraftReportId(store, 'budi');
    expect(draftReportId(store, 'budi')).not.toBe(id);
  });

  it('recognises the leftover draft of a saved report', () => {
    const store = new MemoryStore();
    const id = draftReportId(store, 'budi');
    expect(isSavedLeftover(store, 'budi')).toBe(false);
    markReportSaved(store, 'budi', id);
    expect(isSavedLeftover(store, 'budi')).toBe(true);
    expect(draftReportId(store, 'budi')).not.toBe(id);
    store.setItem('tertib.draftReportId:budi', '{broken');
    expect(isSavedLeftover(store, 'budi')).toBe(false);
  });
});
