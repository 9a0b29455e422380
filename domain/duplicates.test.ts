import { describe, expect, it } from 'vitest';
import { duplicateDirection, findPossibleDuplicates, haversineM } from './duplicates';
import type { Report } from './report';
import { aReport, T0 } from './test-fixtures';

// One degree of latitude is ~111 195 m, so 0.0001° ≈ 11.1 m and 0.00045° ≈ 50.0 m.
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
let n = 0;
function other(over: Partial<Report> = {}): Report {
  n += 1;
  return aReport({ id: `0000000${n}-5e6f-4a7b-8c9d-0e1f2a3b4c5d`.slice(-36), ...over });
}
const near = (dLat: number) => ({ ...aReport().location!, lat: aReport().location!.lat + dLat });
const c = (report: Report, duplicateOf: string | null = null) => ({ report, duplicateOf });

describe('haversineM', () => {
  it('measures short and long distances', () => {
    expect(haversineM({ lat: 0, lng: 0 }, { lat: 0, lng: 0 })).toBe(0);
    expect(haversineM({ lat: -6.2, lng: 106.8 }, { lat: -6.2001, lng: 106.8 })).toBeCloseTo(11.12, 1);
    // Monas to Bundaran HI: about 2.2 km.
    const d = haversineM({ lat: -6.1754, lng: 106.8272 }, { lat: -6.1951, lng: 106.8231 });
    expect(d).toBeGreaterThan(2150);
    expect(d).toBeLessThan(2300);
  });
});

describe('findPossibleDuplicates', () => {
  const subject = aReport();

  it('lists same-category reports within 50 m and 2 h, nearest first', () => {
    const a = other({ location: near(0.0004), capturedAt: at(30) }); // ~44 m
    const b = other({ location: near(0.0001), capturedAt: at(-100) }); // ~11 m
    const found = findPossibleDuplicates(subject, [c(a), c(b)]);
    expect(found.map((f) => f.report.id)).toEqual([b.id, a.id]);
    expect(found[0]?.distanceM).toBeCloseTo(11.1, 0);
    expect(found[0]?.deltaMs).toBe(100 * 60_000);
  });

  it.each([
    ['another category', { categoryId: 'parkir-liar' }],
    ['more than 50 m away', { location: near(0.00046) }],
    ['more than 2 h apart', { capturedAt: at(121) }],
    ['more than 2 h earlier', { capturedAt: at(-121) }],
    ['without a location', { location: null }],
  ] as const)('leaves out %s', (_name, over) => {
    expect(findPossibleDuplicates(subject, [c(other(over as Partial<Report>))])).toEqual([]);
  });

  it('keeps exactly 2 h and exactly the same place', () => {
    expect(findPossibleDuplicates(subject, [c(other({ capturedAt: at(120) }))])).toHaveLength(1);
  });

  it('leaves out itself, an already-linked report, and the one it is linked to', () => {
    const linked = other();
    const original = other();
    const found = findPossibleDuplicates(
      subject,
      [c(subject), c(linked, original.id), c(original)],
      original.id,
    );
    expect(found).toEqual([]);
  });

  it('finds nothing for a report without a location', () => {
    expect(findPossibleDuplicates(aReport({ location: null }), [c(other())])).toEqual([]);
  });
});

describe('duplicateDirection', () => {
  it('marks the later capture as the duplicate of the earlier, whichever way it is asked', () => {
    const early = other({ capturedAt: at(0) });
    const late = other({ capturedAt: at(5) });
    expect(duplicateDirection(early, late)).toEqual({ duplicate: late.id, original: early.id });
    expect(duplicateDirection(late, early)).toEqual({ duplicate: late.id, original: early.id });
  });

  it('breaks a tie by id', () => {
    const x = aReport({ id: '01HZX3K5Q7R8S9T0V1W2X3Y4Z1' });
    const y = aReport({ id: '01HZX3K5Q7R8S9T0V1W2X3Y4Z2' });
    expect(duplicateDirection(y, x)).toEqual({ duplicate: y.id, original: x.id });
  });
});
