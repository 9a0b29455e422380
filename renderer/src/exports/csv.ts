// CSV that Excel opens as UTF-8 (a byte order mark first; without it Excel assumes the ANSI code page and
// mangles every non-ASCII character, e.g. "Jl. Kramat Raya — depan Gereja"), with CRLF line ends and no line
// break after the last record (RFC 4180, so a parser finds no empty trailing row), and safe from
// formula injection: a text cell that a spreadsheet would read as a formula is prefixed with `'` (OWASP
// "CSV Injection"). Numbers are written as numbers and never prefixed, so a latitude of -6.17 stays a number.

import Papa from 'papaparse';
import { EXPORT_HEADERS, exportRow, type ExportCell, type ExportLabels } from './export-rows';
import type { CaseRecord } from './case-record';

export const UTF8_BOM = '\uFEFF';

/**
 * Text cells starting with `=`, `+`, `-`, `@`, tab or CR (OWASP's list) are prefixed with `'`. So are cells
 * that already start with quotes followed by one of those, which makes the escape reversible: unescaping
 * removes exactly one leading `'` from a cell that matches this pattern.
 */
export const FORMULA_PATTERN = /^'*[=+\-@\t\r]/;

export function escapeFormulaCell(cell: string): string {
  return FORMULA_PATTERN.test(cell) ? `'${cell}` : cell;
}

/** The inverse of escapeFormulaCell, for tools that read our CSV back. */
export function unescapeFormulaCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_PATTERN.test(cell.slice(1)) ? cell.slice(1) : cell;
}

export function toCsv(headers: readonly string[], rows: readonly (readonly ExportCell[])[]): string {
  return (
    UTF8_BOM +
    Papa.unparse(
      { fields: [...headers], data: rows.map((r) => [...r]) },
      { newline: '\r\n', escapeFormulae: FORMULA_PATTERN, quotes: false, header: true },
    )
  );
}

export function reportsToCsv(records: readonly CaseRecord[], labels: ExportLabels): string {
  return toCsv(
    EXPORT_HEADERS,
    records.map((r) => exportRow(r, labels)),
  );
}
