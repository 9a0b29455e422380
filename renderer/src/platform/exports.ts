// Saving exports: through the Electron bridge (a native save dialog; the PDF printed off screen by the main
// process) or, in the browser, as a download (CSV, GeoJSON) and the print view with the browser's own print
// dialog, where "Save as PDF" uses the same Chromium engine as Electron's printToPDF.

import { printViewHash, type IpcResult, type SaveFileResult, type TextExportKind } from '../../../domain/ipc';
import { getBridge } from './index';

export type ExportOutcome =
  /** Written; `path` is known only on the desktop (the browser keeps its download folder to itself). */
  | { status: 'saved'; path: string | null }
  | { status: 'canceled' }
  /** Browser: the print view opened in a new tab, with the print dialog. */
  | { status: 'opened' };

export class ExportError extends Error {
  constructor(readonly code: string) {
    super(`export failed: ${code}`);
    this.name = 'ExportError';
  }
}

const MIME: Record<TextExportKind, string> = {
  csv: 'text/csv;charset=utf-8',
  geojson: 'application/geo+json',
};

function outcome(result: IpcResult<SaveFileResult>): ExportOutcome {
  if (!result.ok) throw new ExportError(result.error);
  return 'saved' in result.value ? { status: 'saved', path: result.value.saved } : { status: 'canceled' };
}

function download(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once click() returns; keep the URL a moment for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function saveTextExport(
  kind: TextExportKind,
  fileName: string,
  content: string,
): Promise<ExportOutcome> {
  const bridge = getBridge();
  if (bridge) return outcome(await bridge.saveTextExport({ kind, fileName, content }));
  download(fileName, new Blob([content], { type: MIME[kind] }));
  return { status: 'saved', path: null };
}

export async function exportCasePdf(reportIds: readonly string[], fileName: string): Promise<ExportOutcome> {
  const bridge = getBridge();
  if (bridge) return outcome(await bridge.printCasePdf({ reportIds: [...reportIds], fileName }));
  // Same page, new tab: the app opens there signed in (same origin, same local database) on the print view,
  // which opens the print dialog once every photo has loaded.
  const { pathname, search } = window.location;
  window.open(`${pathname}${search}${printViewHash(reportIds, true)}`, '_blank', 'noopener');
  return { status: 'opened' };
}
