// Names the app suggests for exported files. The desktop's main process sanitizes whatever name the
// renderer sends again (electron/common/export-files.ts); these are the names it is meant to receive.

import { wibDate } from './wib-time';

export type ExportKind = 'csv' | 'geojson' | 'pdf';

export const EXPORT_EXTENSIONS: Record<ExportKind, string> = { csv: 'csv', geojson: 'geojson', pdf: 'pdf' };

/**
 * `tertib-laporan-2026-11-30.csv`, `tertib-laporan-2026-11-30.geojson`; a case report of one report names
 * it (`tertib-berkas-kasus-<id>-2026-11-30.pdf`), of several says how many (`…-3-laporan-…`). The date
 * is Jakarta's (WIB), the day the export was made.
 */
export function exportFileName(kind: ExportKind, now: Date, reportIds: readonly string[] = []): string {
  const date = wibDate(now);
  if (kind !== 'pdf') return `tertib-laporan-${date}.${EXPORT_EXTENSIONS[kind]}`;
  const which = reportIds.length === 1 ? (reportIds[0] ?? '') : `${reportIds.length}-laporan`;
  return `tertib-berkas-kasus-${which}-${date}.pdf`;
}
