// The one application window and the (nearly absent) menu.

import { join } from 'node:path';
import { app, BrowserWindow, Menu, type WebPreferences } from 'electron';
import { APP_ENTRY_URL, PRODUCT_NAME } from '../common/app-identity';

let mainWindow: BrowserWindow | null = null;

/** Every window of the app renders the app with these, the off-screen print window included. */
export function secureWebPreferences(): WebPreferences {
  return {
    // dist-electron/preload.cjs, next to this bundle (dist-electron/main.cjs).
    preload: join(__dirname, 'preload.cjs'),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // DevTools only in development; a packaged app has no way into the renderer's memory.
    devTools: !app.isPackaged,
  };
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    title: PRODUCT_NAME,
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false, // shown on ready-to-show: no white flash, no half-drawn window
    backgroundColor: '#f4f6fa',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(),
  });
  win.once('ready-to-show', () => win.show());
  // The page sets its own <title>; the window keeps the product name.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.webContents.on('render-process-gone', (_event, details) =>
    console.error(`[window] renderer gone: ${details.reason} (exit code ${details.exitCode})`),
  );
  win.webContents.on('did-fail-load', (_event, code, description, url) =>
    console.error(`[window] failed to load ${url}: ${description} (${code})`),
  );
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** The app's window, when it is open (the parent of its dialogs). */
export function currentMainWindow(): BrowserWindow | null {
  return mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow : null;
}

/** The main window's contents, if it is open (for main → renderer messages). */
export function mainWebContents(): Electron.WebContents | null {
  return mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow.webContents : null;
}

/** For `second-instance` and notification clicks: bring the existing window forward, never a second app. */
export function focusMainWindow(): void {
  const win = mainWindow;
  if (win === null || win.isDestroyed()) {
    createMainWindow();
    return;
  }
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}

/**
 * No menu bar on Windows and Linux (nothing in it would be for officers). macOS always shows one and
 * needs the Edit roles for copy and paste shortcuts to work, so it gets the minimal standard set.
 */
export function installApplicationMenu(): void {
  if (process.platform !== 'darwin') {
    Menu.setApplicationMenu(null);
    return;
  }
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]),
  );
}
