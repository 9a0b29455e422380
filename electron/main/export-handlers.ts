// The export channels: the renderer builds a CSV or GeoJSON text (or names reports for a PDF); the main
// process asks the user where to save it and writes the file. Names and paths follow the pure policies in
// ../common/export-files.ts.

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dialog } from 'electron';
import type { SaveFileResult } from '../../domain/ipc';
import { safeExportFileName, SAVE_FILTERS, withExtension, type ExportFileKind } from '../common/export-files';
import { IpcError } from '../common/ipc-guard';
import { renderCasePdf } from './case-pdf';
import { handle } from './ipc-handle';
import { currentMainWindow } from './window';

async function saveThroughDialog(
  kind: ExportFileKind,
  suggested: string,
  data: string | Buffer,
): Promise<SaveFileResult> {
  const options = {
    defaultPath: safeExportFileName(suggested, kind),
    filters: [SAVE_FILTERS[kind]],
    properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
  };
  const parent = currentMainWindow();
  const ask = (defaultPath: string) => {
    const opts = { ...options, defaultPath };
    return parent ? dialog.showSaveDialog(parent, opts) : dialog.showSaveDialog(opts);
  };
  let choice = await ask(options.defaultPath);
  if (choice.canceled || !choice.filePath) return { canceled: true };
  let path = withExtension(choice.filePath, kind);
  // The dialog asked about overwriting the name as typed; if adding the extension names a file that exists,
  // it never asked about that one — ask again with the full name rather than overwrite it silently.
  while (path !== choice.filePath && existsSync(path)) {
    choice = await ask(path);
    if (choice.canceled || !choice.filePath) return { canceled: true };
    path = withExtension(choice.filePath, kind);
  }
  try {
    await writeFile(path, data);
  } catch (error) {
    console.error(`[export] writing ${path} failed:`, error);
    throw new IpcError('write-failed');
  }
  return { saved: path };
}

export function registerExportHandlers(): void {
  // The text already carries the CSV's byte order mark; it is written as UTF-8, byte for byte.
  handle('export:save-text', ({ kind, fileName, content }) => saveThroughDialog(kind, fileName, content));
  handle('export:case-pdf', async ({ reportIds, fileName }) =>
    saveThroughDialog('pdf', fileName, await renderCasePdf(reportIds)),
  );
}
