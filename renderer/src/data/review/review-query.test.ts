import { describe, expect, it } from 'vitest';
import type { Area, Report } from '../../../../domain/report';
import { foldReportState } from '../../../../domain/report-state';
import type { Status } from '../../../../domain/status';
import { aReport } from '../../../../domain/test-fixtures';
import {
  dayRangeBounds,
  dayStartIso,
  EMPTY_FILTER,
  filterOptions,
  foldText,
  NONE,
  queryRows,
  searchTerms,
  sortRows,
  toReviewRow,
  type ReviewFilter,
  type ReviewRow,
} from './review-query';

const GAMBIR: Area = {
  kota: { code: '31.71', name: 'Kota Administrasi Jakarta Pusat' },
  kecamatan: { code: '31.71.01', name: 'Gambir' },
  kelurahan: { code: '31.71.01.1001', name: 'Gambir' },
};
const KEBON_KELAPA: Area = { ...GAMBIR, kelurahan: { code: '31.71.01.1006', name: 'Kebon Kelapa' } };
const MENTENG: Area = {
  kota: GAMBIR.kota,
  kecamatan: { code: '31.71.06', name: 'Menteng' },
  kelurahan: { code: '31.71.06.1001', name: 'Menteng' },
};

let seq = 0;
function row(over: Partial<Report> & { status?: Status } = {}): ReviewRow {
  const { status = 'menunggu', ...report } = over;
  const n = String(++seq).padStart(4, '0');
  return {
    ...toReviewRow(aReport({ id: `01HZX3K5Q7R8S9T0V1W2X3${n}`, ...report }), foldReportState([])),
    status,
  };
}

const f = (over: Partial<ReviewFilter>): ReviewFilter => ({ ...EMPTY_FILTER, ...over });
const ids = (rows: readonly ReviewRow[]) => rows.map((r) => r.report.description);
const counts = (m: Map<string, number>) => Object.fromEntries([...m.entries()].sort());

// A small region: what each filter and facet must say about it is easy to count by hand.
const rows = [
  row({ description: 'a', categoryId: 'pkl-trotoar', team: 'regu-1', author: 'ani', area: GAMBIR, capturedAt: '2026-11-01T01:00:00.000Z' }),
  row({ description: 'b', categoryId: 'pkl-trotoar', team: 'regu-1', author: 'indra', area: KEBON_KELAPA, capturedAt: '2026-11-02T01:00:00.000Z', status: 'disposisi' }),
  row({ description: 'c', categoryId: 'parkir-liar', team: 'regu-2', author: 'sari', area: MENTENG, capturedAt: '2026-11-03T01:00:00.000Z', status: 'selesai' }),
  row({ description: 'd', categoryId: 'parkir-liar', team: 'regu-2', author: 'sari', capturedAt: '2026-11-04T01:00:00.000Z', status: 'disposisi' }),
  row({ description: 'e', categoryId: 'kesehatan', team: null, author: 'ani', area: GAMBIR, capturedAt: '2026-11-05T01:00:00.000Z' }),
];

describe('foldText and searchTerms', () => {
  it.each([
    ['Kafé  di JALAN Pramuka', 'kafe di jalan pramuka'],
    ['Ṣeñor Çağri', 'senor cagri'],
    ['  tab\tand\nnewline ', 'tab and newline'],
    ['', ''],
  ])('%j → %j', (input, out) => expect(foldText(input)).toBe(out));

  it('splits the query into distinct folded words', () => {
    expect(searchTerms('  Trotoar  TROTOAR pásar ')).toEqual(['trotoar', 'pasar']);
    expect(searchTerms('   ')).toEqual([]);
  });
});

describe('queryRows: filters', () => {
  const newest = sortRows(rows, 'newest');

  it('with no filter returns every row in the given order', () => {
    expect(ids(queryRows(newest, EMPTY_FILTER).items)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it.each<[string, Partial<ReviewFilter>, string[]]>([
    ['status', { status: 'disposisi' }, ['d', 'b']],
    ['category', { category: 'parkir-liar' }, ['d', 'c']],
    ['team', { team: 'regu-1' }, ['b', 'a']],
    ['no team', { team: NONE }, ['e']],
    ['officer', { officer: 'ani' }, ['e', 'a']],
    ['kota', { area: '31.71' }, ['e', 'c', 'b', 'a']],
    ['kecamatan', { area: '31.71.01' }, ['e', 'b', 'a']],
    ['kelurahan', { area: '31.71.01.1006' }, ['b']],
    ['tanpa wilayah', { area: NONE }, ['d']],
    ['from (inclusive)', { from: '2026-11-04T01:00:00.000Z' }, ['e', 'd']],
    ['to (exclusive)', { to: '2026-11-02T01:00:00.000Z' }, ['a']],
    ['two filters', { status: 'menunggu', officer: 'ani' }, ['e', 'a']],
    ['filters that exclude each other', { status: 'selesai', team: 'regu-1' }, []],
  ])('%s', (_name, filter, expected) => {
    expect(ids(queryRows(newest, f(filter)).items)).toEqual(expected);
  });

  it('searches description and place note; every word must match, any case, any accent', () => {
    const texts = [
      row({ description: 'PKL menutup trotoar', placeNote: 'Depan Pasar Baru' }),
      row({ description: 'Parkir liar di trotoar' }),
      row({ description: 'Kafé buka melewati jam malam', placeNote: 'Jl. Cikini' }),
    ];
    const q = (text: string) => ids(queryRows(texts, f({ q: text })).items);
    expect(q('trotoar')).toEqual(['PKL menutup trotoar', 'Parkir liar di trotoar']);
    expect(q('TROTOAR pasar')).toEqual(['PKL menutup trotoar']);
    expect(q('pasar trotoar parkir')).toEqual([]);
    expect(q('KAFE cikini')).toEqual(['Kafé buka melewati jam malam']);
    expect(q('kafé')).toEqual(['Kafé buka melewati jam malam']);
    expect(q('tro')).toEqual(['PKL menutup trotoar', 'Parkir liar di trotoar']);
    expect(q('   ')).toHaveLength(3);
  });
});

describe('queryRows: facet counts for the other filters', () => {
  it('with no filter counts every row under its value (an area under all three of its codes)', () => {
    const { facets } = queryRows(rows, EMPTY_FILTER);
    expect(counts(facets.status)).toEqual({ disposisi: 2, menunggu: 2, selesai: 1 });
    expect(counts(facets.category)).toEqual({ kesehatan: 1, 'parkir-liar': 2, 'pkl-trotoar': 2 });
    expect(counts(facets.team)).toEqual({ [NONE]: 1, 'regu-1': 2, 'regu-2': 2 });
    expect(counts(facets.officer)).toEqual({ ani: 2, indra: 1, sari: 2 });
    expect(counts(facets.area)).toEqual({
      [NONE]: 1,
      '31.71': 4,
      '31.71.01': 3,
      '31.71.01.1001': 2,
      '31.71.01.1006': 1,
      '31.71.06': 1,
      '31.71.06.1001': 1,
    });
  });

  it("a facet's own filter does not narrow its own counts, only the others'", () => {
    const { items, facets } = queryRows(rows, f({ status: 'disposisi' }));
    expect(ids(items)).toEqual(['b', 'd']);
    // Status counts ignore the status filter: every status stays choosable with its real count.
    expect(counts(facets.status)).toEqual({ disposisi: 2, menunggu: 2, selesai: 1 });
    // The other facets count only the dispatched reports.
    expect(counts(facets.category)).toEqual({ 'parkir-liar': 1, 'pkl-trotoar': 1 });
    expect(counts(facets.officer)).toEqual({ indra: 1, sari: 1 });
  });

  it('with two filters each facet counts under the other one', () => {
    const { items, facets } = queryRows(rows, f({ status: 'disposisi', category: 'parkir-liar' }));
    expect(ids(items)).toEqual(['d']);
    expect(counts(facets.status)).toEqual({ disposisi: 1, selesai: 1 }); // parkir-liar by status
    expect(counts(facets.category)).toEqual({ 'parkir-liar': 1, 'pkl-trotoar': 1 }); // dispatched by category
    expect(counts(facets.team)).toEqual({ 'regu-2': 1 });
  });

  it('the date range and the search narrow every facet', () => {
    const { facets } = queryRows(rows, f({ from: '2026-11-03T00:00:00.000Z', status: 'menunggu' }));
    expect(counts(facets.status)).toEqual({ disposisi: 1, menunggu: 1, selesai: 1 });
    expect(counts(facets.officer)).toEqual({ ani: 1 });
  });

  it('counts equal the result size when that value is chosen', () => {
    const all = queryRows(rows, f({ team: 'regu-2' }));
    for (const [status, n] of all.facets.status) {
      expect(queryRows(rows, f({ team: 'regu-2', status: status as Status })).items).toHaveLength(n);
    }
  });
});

describe('sortRows', () => {
  it('newest and oldest by capture time', () => {
    expect(ids(sortRows(rows, 'newest'))).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(ids(sortRows(rows, 'oldest'))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('status in the flow order, newest first within one status', () => {
    expect(ids(sortRows(rows, 'status'))).toEqual(['e', 'a', 'd', 'b', 'c']);
  });

  it('category by the label the user reads', () => {
    const labels: Record<string, string> = { kesehatan: 'Kesehatan', 'parkir-liar': 'Parkir Liar', 'pkl-trotoar': 'Ángkringan' };
    expect(ids(sortRows(rows, 'category', (id) => labels[id] ?? id))).toEqual(['b', 'a', 'e', 'd', 'c']);
    expect(ids(sortRows(rows, 'category'))).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('officer by name; area by name with "tanpa wilayah" last', () => {
    expect(ids(sortRows(rows, 'officer'))).toEqual(['e', 'a', 'b', 'd', 'c']);
    expect(ids(sortRows(rows, 'area'))).toEqual(['e', 'a', 'b', 'c', 'd']);
  });

  it('does not change its input', () => {
    const copy = [...rows];
    sortRows(rows, 'oldest');
    expect(rows).toEqual(copy);
  });
});

describe('filterOptions', () => {
  it('lists every value once, areas as a tree by name', () => {
    const o = filterOptions(rows);
    expect(o.categories).toEqual(['kesehatan', 'parkir-liar', 'pkl-trotoar']);
    expect(o.teams).toEqual([NONE, 'regu-1', 'regu-2']);
    expect(o.officers).toEqual(['ani', 'indra', 'sari']);
    expect(o.anyWithoutArea).toBe(true);
    expect(o.areas.map((a) => `${a.level}:${a.name}`)).toEqual([
      'kota:Kota Administrasi Jakarta Pusat',
      'kecamatan:Gambir',
      'kelurahan:Gambir',
      'kelurahan:Kebon Kelapa',
      'kecamatan:Menteng',
      'kelurahan:Menteng',
    ]);
  });
});

describe('day ranges in the device time zone', () => {
  it('the start of a day is local midnight', () => {
    expect(dayStartIso('2026-11-05')).toBe(new Date(2026, 10, 5).toISOString());
  });

  it.each(['2026-02-30', '2026-13-01', '05-11-2026', '', '2026-1-5'])('refuses %j', (day) => {
    expect(dayStartIso(day)).toBeNull();
  });

  it('an inclusive range of days becomes [start of first, start of the day after last)', () => {
    expect(dayRangeBounds('2026-11-01', '2026-11-30')).toEqual({
      from: new Date(2026, 10, 1).toISOString(),
      to: new Date(2026, 11, 1).toISOString(),
    });
    expect(dayRangeBounds(null, '2026-12-31')).toEqual({ from: null, to: new Date(2027, 0, 1).toISOString() });
    expect(dayRangeBounds('nonsense', null)).toEqual({ from: null, to: null });
  });
});
