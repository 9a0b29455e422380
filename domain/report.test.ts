import { describe, expect, it } from 'vitest';
import { validateReport, REPORT_LIMITS } from './report';
import { aReport, REPORT_ID, SHA, T0 } from './test-fixtures';

const withField = (field: string, value: unknown): Record<string, unknown> => ({
  ...aReport(),
  [field]: value,
});
const withLocation = (over: Record<string, unknown>): Record<string, unknown> => ({
  ...aReport(),
  location: { ...aReport().location, ...over },
});
const withPhoto = (over: Record<string, unknown>): Record<string, unknown> => ({
  ...aReport(),
  photos: [{ ...aReport().photos[0], ...over }],
});
const sparsePhotos = (): unknown[] => {
  const photos: unknown[] = [aReport().photos[0]];
  photos[2] = aReport().photos[0];
  return photos;
};
const without = (field: string): Record<string, unknown> => {
  const r: Record<string, unknown> = { ...aReport() };
  delete r[field];
  return r;
};

describe('validateReport accepts', () => {
  it('a complete report and returns a clean copy', () => {
    const input = aReport({ placeNote: 'Depan Pasar Minggu' });
    const result = validateReport(input);
    expect(result).toEqual({ ok: true, value: input });
    if (result.ok) expect(result.value).not.toBe(input);
  });

  it('a report without location, recorded as null', () => {
    expect(validateReport(aReport({ location: null })).ok).toBe(true);
  });

  it('an administrative area', () => {
    const area = {
      kelurahan: { code: '31.74.01.1001', name: 'Tebet Barat' },
      kecamatan: { code: '31.74.01', name: 'Tebet' },
      kota: { code: '31.74', name: 'Kota Administrasi Jakarta Selatan' },
    };
    expect(validateReport(aReport({ area })).ok).toBe(true);
  });

  it('a UUID id and the CouchDB form (id in _id, _rev present) — RxDB moves the primary key to _id', () => {
    expect(validateReport(aReport({ id: '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' })).ok).toBe(true);
    const couch: Record<string, unknown> = { ...aReport(), _id: REPORT_ID, _rev: '1-abc' };
    delete couch.id;
    const result = validateReport(couch);
    expect(result.ok && result.value.id).toBe(REPORT_ID);
    expect(result.ok && '_rev' in result.value).toBe(false);
  });

  it('boundaries: 2000-character description, 5 photos, lat ±90, lng ±180, accuracy 0', () => {
    expect(validateReport(withField('description', 'x'.repeat(REPORT_LIMITS.descriptionMax))).ok).toBe(true);
    expect(validateReport(withField('photos', Array(5).fill(aReport().photos[0]))).ok).toBe(true);
    expect(validateReport(withLocation({ lat: -90, lng: 180, accuracyM: 0 })).ok).toBe(true);
    expect(validateReport(withLocation({ lat: 90, lng: -180 })).ok).toBe(true);
  });
});

describe('validateReport rejects hostile or broken input', () => {
  const cases: Array<[string, unknown, string]> = [
    ['null', null, 'report must be an object'],
    ['an array', [aReport()], 'report must be an object'],
    ['a string', 'report', 'report must be an object'],
    ['wrong type tag', withField('type', 'event'), 'report.type must be "report"'],
    ['a lower-case ULID', withField('id', REPORT_ID.toLowerCase()), 'report.id has an invalid format'],
    [
      'an upper-case UUID',
      withField('id', '3F1B2C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D'),
      'report.id has an invalid format',
    ],
    ['an id with a newline', withField('id', REPORT_ID + '\n'), 'report.id has an invalid format'],
    [
      '_id different from id',
      { ...aReport(), _id: '01HZX3K5Q7R8S9T0V1W2X3Y4ZZ' },
      'report._id must equal report.id',
    ],
    ['a missing description', without('description'), 'report.description is required'],
    [
      'an empty description',
      withField('description', ''),
      'report.description must be 1..2000 characters long',
    ],
    ['a blank description', withField('description', ' \n\t '), 'report.description has an invalid format'],
    [
      'a huge description',
      withField('description', 'x'.repeat(1_000_000)),
      'report.description must be 1..2000 characters long',
    ],
    ['a numeric description', withField('description', 42), 'report.description must be a string'],
    [
      'a too long placeNote',
      withField('placeNote', 'x'.repeat(501)),
      'report.placeNote must be 1..500 characters long',
    ],
    ['a null placeNote', withField('placeNote', null), 'report.placeNote must be a string'],
    ['a missing location key', without('location'), 'report.location is required'],
    ['lat NaN', withLocation({ lat: NaN }), 'report.location.lat must be a finite number'],
    ['lat Infinity', withLocation({ lat: Infinity }), 'report.location.lat must be a finite number'],
    ['lat as string', withLocation({ lat: '-6.2' }), 'report.location.lat must be a finite number'],
    ['lat 90.0001', withLocation({ lat: 90.0001 }), 'report.location.lat must be between -90 and 90'],
    ['lng -180.5', withLocation({ lng: -180.5 }), 'report.location.lng must be between -180 and 180'],
    [
      'negative accuracy',
      withLocation({ accuracyM: -1 }),
      'report.location.accuracyM must be between 0 and 100000',
    ],
    [
      'unknown location source',
      withLocation({ source: 'wifi' }),
      'report.location.source must be one of: device, gnss, exif, manual',
    ],
    [
      'an extra location field',
      withLocation({ altitude: 3 }),
      'report.location.altitude is not an allowed field',
    ],
    [
      'a local-time timestamp',
      withField('capturedAt', '2025-01-31T15:15:30.123+07:00'),
      'report.capturedAt must be 24..24 characters long',
    ],
    [
      'a timestamp without millis',
      withField('createdAt', '2025-01-31T08:15:30Z'),
      'report.createdAt must be 24..24 characters long',
    ],
    [
      'month 13',
      withField('createdAt', '2025-13-31T08:15:30.123Z'),
      'report.createdAt has an invalid format',
    ],
    ['a Date object', withField('createdAt', new Date(T0)), 'report.createdAt must be a string'],
    ['no photos', withField('photos', []), 'report.photos must have 1..5 items'],
    [
      'six photos',
      withField('photos', Array(6).fill(aReport().photos[0])),
      'report.photos must have 1..5 items',
    ],
    [
      'photos as object',
      withField('photos', { 0: aReport().photos[0], length: 1 }),
      'report.photos must be an array',
    ],
    ['a sparse photo array', withField('photos', sparsePhotos()), 'report.photos[1] must be an object'],
    [
      'an upper-case sha256',
      withPhoto({ sha256: SHA.toUpperCase() }),
      'report.photos[0].sha256 has an invalid format',
    ],
    [
      'a short sha256',
      withPhoto({ sha256: 'abc' }),
      'report.photos[0].sha256 must be 64..64 characters long',
    ],
    ['fractional bytes', withPhoto({ bytes: 1.5 }), 'report.photos[0].bytes must be an integer'],
    ['zero width', withPhoto({ width: 0 }), 'report.photos[0].width must be between 1 and 20000'],
    ['an unknown photo field', withPhoto({ exif: {} }), 'report.photos[0].exif is not an allowed field'],
    ['an upper-case author', withField('author', 'Budi'), 'report.author has an invalid format'],
    ['a team with a colon', withField('team', 'regu:1'), 'report.team has an invalid format'],
    [
      'a schema version from the future',
      withField('schemaVersion', 3),
      'report.schemaVersion must be between 1 and 2',
    ],
    ['an unknown field', withField('status', 'selesai'), 'report.status is not an allowed field'],
    [
      'a signature of the wrong length',
      withField('signature', 'AAAA'),
      'report.signature must be 86..86 characters long',
    ],
    ['an attachment', withField('_attachments', {}), 'report._attachments is not an allowed field'],
    [
      'a __proto__ key',
      JSON.parse(JSON.stringify(aReport()).replace('{', '{"__proto__":{"admin":true},')),
      'report.__proto__ is not an allowed field',
    ],
    [
      'a constructor key',
      withField('constructor', { prototype: {} }),
      'report.constructor is not an allowed field',
    ],
    [
      'a bad area code',
      withField('area', {
        kelurahan: { code: 'x', name: 'a' },
        kecamatan: { code: '31.74.01', name: 'b' },
        kota: { code: '31.74', name: 'c' },
      }),
      'report.area.kelurahan.code must be 2..16 characters long',
    ],
  ];

  it.each(cases)('%s', (_label, input, message) => {
    const result = validateReport(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain(message);
  });

  it('does not carry a polluting key into its output or onto Object.prototype', () => {
    const hostile: unknown = JSON.parse('{"__proto__":{"polluted":true}}');
    validateReport(hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a class instance is not a plain object', () => {
    class Fake {
      type = 'report';
    }
    expect(validateReport(new Fake())).toEqual({ ok: false, errors: ['report must be an object'] });
  });

  it('caps the error list and truncates hostile key names', () => {
    const input: Record<string, unknown> = { ...aReport() };
    for (let i = 0; i < 10_000; i++) input['k'.repeat(100) + i] = i;
    const result = validateReport(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(20);
      expect(result.errors[0]).toBe(`report.${'k'.repeat(40)}... is not an allowed field`);
    }
  });

  it('honours a configured photo limit', () => {
    const three = withField('photos', Array(3).fill(aReport().photos[0]));
    expect(validateReport(three, { maxPhotos: 2 }).ok).toBe(false);
    expect(validateReport(three, { maxPhotos: 3 }).ok).toBe(true);
  });
});
