import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { buildCaseRecords } from './case-record';
import { escapeFormulaCell, reportsToCsv, toCsv, unescapeFormulaCell, UTF8_BOM } from './csv';
import { EXPORT_HEADERS, exportRow, type ExportCell } from './export-rows';
import { AWKWARD_REPORTS, EVENTS_A, IDS, sha } from './test-records';

const labels = { category: (id: string) => ({ 'pkl-trotoar': 'Pedagang Kaki Lima di Trotoar' })[id] ?? id };

/** What a spreadsheet cell holds once read back: numbers as their text, formula guards removed. */
const asRead = (cell: ExportCell): string => (typeof cell === 'number' ? String(cell) : cell);

function parseCsv(text: string): string[][] {
  expect(text.startsWith(UTF8_BOM)).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(UTF8_BOM.length), { header: false, skipEmptyLines: false });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('CSV export', () => {
  const records = buildCaseRecords(AWKWARD_REPORTS, EVENTS_A);
  const rows = records.map((r) => exportRow(r, labels));
  const text = reportsToCsv(records, labels);

  it('starts with a UTF-8 byte order mark and has Indonesian headers', () => {
    expect(new TextEncoder().encode(text).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    const [headers] = parseCsv(text);
    expect(headers).toEqual([...EXPORT_HEADERS]);
    for (const h of [
      'ID laporan',
      'Kategori',
      'Status',
      'Waktu pengambilan (ISO 8601, WIB +07:00)',
      'Waktu pengambilan (WIB)',
      'Lintang',
      'Bujur',
      'Akurasi (m)',
      'Sumber lokasi',
      'Kelurahan',
      'Kecamatan',
      'Kota',
      'Petugas',
      'Regu',
      'Deskripsi',
      'Catatan tempat',
      'Foto (sha256)',
    ]) {
      expect(headers).toContain(h);
    }
  });

  it('parses back to exactly the rows: separators, quotes, line breaks, non-ASCII and formula-looking text', () => {
    const [, ...data] = parseCsv(text);
    expect(data).toHaveLength(AWKWARD_REPORTS.length);
    expect(data.map((r) => r.map(unescapeFormulaCell))).toEqual(rows.map((r) => r.map(asRead)));
    // The awkward values really are in there, unchanged.
    const col = (h: string) => EXPORT_HEADERS.indexOf(h);
    expect(data[0]![col('Deskripsi')]).toBe(AWKWARD_REPORTS[0]!.description);
    expect(data[1]![col('Deskripsi')]).toContain('日本語 ✓');
    expect(data[0]![col('Foto (sha256)')]).toBe(`${sha('a')}; ${sha('b')}`);
    expect(data[0]![col('Lintang')]).toBe('-6.2297');
    expect(data[1]![col('Lintang')]).toBe('');
    expect(data[1]![col('Sumber lokasi')]).toBe('Tanpa lokasi');
  });

  it('guards every formula-looking text cell with a quote, and only those', () => {
    const [, ...data] = parseCsv(text);
    const col = (h: string) => EXPORT_HEADERS.indexOf(h);
    expect(data[0]![col('Catatan tempat')]).toBe('\'=HYPERLINK("http://evil.example","klik")');
    expect(data[1]![col('Deskripsi')]!.startsWith("'+62")).toBe(true);
    expect(data[1]![col('Catatan tempat')]).toBe("'@warga -- lihat foto");
    expect(data[2]![col('Catatan tempat')]).toBe("'-");
    // Already starting with a quote before "=": escaped once more, so unescaping is exact.
    expect(data[2]![col('Deskripsi')]).toBe("''=1+1 already quoted\tand a tab");
    // Numbers are numbers: a negative latitude is not text.
    expect(data[2]![col('Lintang')]).toBe('-6.1754');
    for (const row of data) {
      for (const cell of row) expect(/^[=+\-@\t\r]/.test(cell) && !/^-?\d/.test(cell)).toBe(false);
    }
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ["'=x", "''=x"],
    ["'plain", "'plain"],
    ['a=b', 'a=b'],
    ['', ''],
  ])('escapes %j as %j and back', (raw, escaped) => {
    expect(escapeFormulaCell(raw)).toBe(escaped);
    expect(unescapeFormulaCell(escaped)).toBe(raw);
  });

  it('ends lines with CRLF and adds no empty last row', () => {
    const csv = toCsv(
      ['A', 'B'],
      [
        ['x', 1],
        ['y', 2],
      ],
    );
    expect(csv).toBe(`${UTF8_BOM}A,B\r\nx,1\r\ny,2`);
  });

  it('carries the folded state: status, unit, assignment, verification, closing time', () => {
    const [, first] = parseCsv(text);
    const get = (h: string) => first![EXPORT_HEADERS.indexOf(h)];
    expect(get('ID laporan')).toBe(IDS.a);
    expect(get('Status')).toBe('Selesai');
    expect(get('Unit disposisi')).toBe('Satpol PP Kec. Senen');
    expect(get('Ditugaskan ke regu')).toBe('regu-2');
    expect(get('Ditugaskan ke petugas')).toBe('andi');
    expect(get('Terverifikasi')).toBe('Ya');
    expect(get('Waktu selesai (ISO 8601, WIB +07:00)')).toBe('2025-01-31T18:00:00.000+07:00');
    expect(get('Jumlah peristiwa')).toBe(String(EVENTS_A.length));
    expect(get('Kategori')).toBe('Pedagang Kaki Lima di Trotoar');
    expect(get('Waktu pengambilan (ISO 8601, WIB +07:00)')).toBe('2025-01-31T15:15:30.123+07:00');
    expect(get('Waktu pengambilan (WIB)')).toBe('2025-01-31 15:15:30 WIB');
  });
});
