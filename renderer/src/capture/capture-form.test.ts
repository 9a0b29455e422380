import { describe, expect, it } from 'vitest';
import type { Draft } from '../data/contracts';
import { emptyDraft, exifOffer, formProblems, isEmptyDraft, reportLocation } from './capture-form';

const now = new Date('2026-03-01T02:04:00.000Z');
const offered = new Set(['parkir-liar']);
const sha = (c: string) => c.repeat(64);
const fix = { lat: -6.2, lng: 106.8, accuracyM: 9, source: 'device' as const, fixedAt: now.toISOString() };

function draft(overrides: Partial<Draft> = {}): Draft {
  return {
    ...emptyDraft(now),
    photos: [{ sha256: sha('a'), bytes: 1, width: 1, height: 1 }],
    categoryId: 'parkir-liar',
    description: 'Parkir di trotoar',
    ...overrides,
  };
}

describe('formProblems', () => {
  it('lists every missing part of an empty form', () => {
    expect(formProblems(emptyDraft(now), offered, now)).toEqual(['photos', 'category', 'description']);
    expect(isEmptyDraft(emptyDraft(now))).toBe(true);
  });

  it('accepts a complete form and refuses a category that is not offered', () => {
    expect(formProblems(draft(), offered, now)).toEqual([]);
    expect(formProblems(draft({ categoryId: 'retired' }), offered, now)).toEqual(['category']);
  });

  it('checks manual coordinates only in manual mode', () => {
    const manual = draft({ locationMode: 'manual', manualLat: 'abc', manualLng: '106.8' });
    expect(formProblems(manual, offered, now)).toEqual(['manualLat']);
    expect(formProblems({ ...manual, locationMode: 'none' }, offered, now)).toEqual([]);
  });
});

describe('the GNSS receiver as the source', () => {
  const gnss = { ...fix, accuracyM: 2, source: 'gnss' as const };
  it('needs a current receiver fix, and never takes the device fix for it', () => {
    expect(formProblems(draft({ locationMode: 'gnss' }), offered, now)).toEqual(['gnss']);
    expect(formProblems(draft({ locationMode: 'gnss', location: fix }), offered, now)).toEqual(['gnss']);
    expect(formProblems(draft({ locationMode: 'gnss', location: gnss }), offered, now)).toEqual([]);
    expect(reportLocation(draft({ locationMode: 'gnss', location: gnss }), now)).toEqual(gnss);
    expect(reportLocation(draft({ locationMode: 'gnss', location: fix }), now)).toBeNull();
    expect(reportLocation(draft({ locationMode: 'device', location: gnss }), now)).toBeNull();
  });
});

describe('reportLocation', () => {
  it('uses the best device fix, or records none', () => {
    expect(reportLocation(draft({ location: fix }), now)).toEqual(fix);
    expect(reportLocation(draft(), now)).toBeNull();
    expect(reportLocation(draft({ location: fix, locationMode: 'none' }), now)).toBeNull();
    expect(reportLocation(draft({ location: fix, locationMode: 'exif' }), now)).toBeNull();
  });
});

describe('exifOffer', () => {
  it('offers the first photo whose EXIF carried something', () => {
    const photos = ['a', 'b', 'c'].map((c) => ({ sha256: sha(c), bytes: 1, width: 1, height: 1 }));
    const hints = {
      [sha('a')]: { location: null, takenAt: null },
      [sha('b')]: { location: { lat: -6.1, lng: 106.7 }, takenAt: null },
    };
    expect(exifOffer(draft({ photos, exifHints: hints }))?.sha256).toBe(sha('b'));
    expect(exifOffer(draft({ photos: photos.slice(0, 1), exifHints: hints }))).toBeNull();
  });
});
