// Prints the renderer's print view to PDF off screen: a hidden window with the app's own secure
// preferences and session loads `app://tertib/index.html#/cetak?ids=…`, the main process waits until the
// view says every photo has loaded (the readiness protocol in ../common/export-files.ts), then Chromium's
// printToPDF renders it exactly as the browser's "Save as PDF" would. The view itself is the renderer's.

import { BrowserWindow } from 'electron';
import { IpcError } from '../common/ipc-guard';
import { printProgress, printViewUrl, PRINT_POLL_MS, PRINT_STATE_PROBE } from '../common/export-files';
import { secureWebPreferences } from './window';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function renderCasePdf(reportIds: readonly string[]): Promise<Buffer> {
  const win = new BrowserWindow({
    show: false,
    width: 1024,
    height: 1400,
    webPreferences: {
      ...secureWebPreferences(),
      // A hidden window's timers and image decoding must not be throttled while we wait on it.
      backgroundThrottling: false,
    },
  });
  try {
    await win.loadURL(printViewUrl(reportIds));
    const started = Date.now();
    for (;;) {
      // A probe that throws (the page is navigating, still booting) reads as "not ready yet".
      const probed: unknown = await win.webContents
        .executeJavaScript(PRINT_STATE_PROBE, true)
        .catch(() => null);
      const progress = printProgress(probed, Date.now() - started);
      if (progress === 'ready') break;
      if (progress === 'failed') throw new IpcError('print-failed');
      if (progress === 'timeout') throw new IpcError('print-timeout');
      await delay(PRINT_POLL_MS);
    }
    return await win.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      // The view's `@page` rule sets the margins and size; the header/footer Chromium would add are off.
      preferCSSPageSize: true,
      displayHeaderFooter: false,
    });
  } finally {
    if (!win.isDestroyed()) win.destroy();
  }
}
