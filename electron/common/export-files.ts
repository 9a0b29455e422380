// Pure policies of the export channels (export:save-text, export:case-pdf): what file name the save dialog
// suggests, which filter it shows, where the off-screen print window goes, and how its readiness is read.
// The main process does the I/O (electron/main/export-handlers.ts); everything decidable is here, tested.

import { printViewHash, PRINT_VIEW, type PrintViewState } from '../../domain/ipc';
import { APP_ENTRY_URL } from './app-identity';

export type ExportFileKind = 'csv' | 'geojson' | 'pdf';

export const SAVE_FILTERS: Record<ExportFileKind, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV (Excel)', extensions: ['csv'] },
  geojson: { name: 'GeoJSON', extensions: ['geojson'] },
  pdf: { name: 'PDF', extensions: ['pdf'] },
};

/** Windows refuses these as file names with any extension (`CON.csv` included). */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const MAX_STEM = 120;

/**
 * A safe default name for the save dialog. The renderer suggests one, but the main process distrusts it:
 * anything that could name a directory (separators, `..`), characters Windows forbids, control and
 * bidirectional-override characters (a name that reads "fdp.exe" but is "exe.pdf"), reserved device names
 * and trailing dots or spaces are removed, the length is bounded, and the extension is forced to the kind's.
 */
export function safeExportFileName(suggested: unknown, kind: ExportFileKind): string {
  const ext = SAVE_FILTERS[kind].extensions[0] as string;
  const fallback = `tertib-ekspor.${ext}`;
  if (typeof suggested !== 'string') return fallback;
  let stem = suggested
    .normalize('NFC')
    // Only the last path segment: a name is never a path.
    .split(/[/\\]/)
    .pop() as string;
  stem = stem
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"|?*]/g, '')
    .replace(new RegExp(`\\.${ext}$`, 'i'), '')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (stem.length > MAX_STEM) stem = stem.slice(0, MAX_STEM).replace(/[.\s]+$/, '');
  if (stem === '' || RESERVED.test(stem.split('.')[0] as string)) return fallback;
  return `${stem}.${ext}`;
}

/** The path the dialog returned, with the kind's extension added when the user typed a name without it. */
export function withExtension(path: string, kind: ExportFileKind): string {
  const ext = SAVE_FILTERS[kind].extensions[0] as string;
  return path.toLowerCase().endsWith(`.${ext}`) ? path : `${path}.${ext}`;
}

/** Where the off-screen print window loads: the app's own entry page, on the print route. */
export function printViewUrl(reportIds: readonly string[]): string {
  return `${APP_ENTRY_URL}${printViewHash(reportIds)}`;
}

/** Run in the print window (a constant string, never built from input) to read the view's state. */
export const PRINT_STATE_PROBE = `(() => {
  const root = document.querySelector(${JSON.stringify(PRINT_VIEW.rootSelector)});
  return root === null ? null : root.getAttribute(${JSON.stringify(PRINT_VIEW.stateAttribute)});
})()`;

/** Long enough for five full-size photos per report over a slow field connection, not forever. */
export const PRINT_TIMEOUT_MS = 120_000;
export const PRINT_POLL_MS = 250;

export type PrintProgress = 'wait' | 'ready' | 'failed' | 'timeout';

/**
 * What the main process does after a probe: print when the view is `ready`, give up on `failed` or when the
 * time is up, otherwise ask again. Anything that is not one of the view's states (the login screen, a page
 * still booting, a probe that threw) counts as not ready yet.
 */
export function printProgress(
  probed: unknown,
  elapsedMs: number,
  timeoutMs = PRINT_TIMEOUT_MS,
): PrintProgress {
  const state = probed as PrintViewState | null;
  if (state === 'ready') return 'ready';
  if (state === 'failed') return 'failed';
  return elapsedMs >= timeoutMs ? 'timeout' : 'wait';
}
