// Tertib's main process: wires the lifecycle to the modules that do the work (STYLE.md rule 6).

import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { APP_ID } from '../common/app-identity';
import { normalizeServerUrl } from '../common/server-address';
import { installAppProtocol, registerAppScheme, rendererRoot } from './app-protocol';
import { registerIpcHandlers } from './ipc-handlers';
import { safeStorageCipher } from './safe-storage-cipher';
import { hardenWebContents, installPermissionHandlers, refuseDebugSwitches } from './security';
import { createTokenStore } from './token-store';
import { createMainWindow, focusMainWindow, installApplicationMenu } from './window';

// Before `ready`: these cannot be changed afterwards.
refuseDebugSwitches();
registerAppScheme();
app.enableSandbox();
app.setAppUserModelId(APP_ID);

function defaultServerFromEnv(): string | null {
  const raw = process.env.TERTIB_SERVER_URL;
  if (raw === undefined || raw === '') return null;
  const server = normalizeServerUrl(raw);
  if (server === null) console.warn('[main] ignoring TERTIB_SERVER_URL: not an http(s) server address');
  return server;
}

async function start(): Promise<void> {
  await app.whenReady();
  installAppProtocol(rendererRoot());
  installPermissionHandlers();
  installApplicationMenu();
  const cipher = safeStorageCipher();
  registerIpcHandlers({
    tokens: createTokenStore({
      file: join(app.getPath('userData'), 'tokens.json'),
      cipher,
      log: (message) => console.warn(`[main] ${message}`),
    }),
    cipher,
    defaultServer: defaultServerFromEnv(),
  });
  createMainWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Tertib is running; it gets our `second-instance` event and comes to the front.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (app.isReady()) focusMainWindow();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
  start().catch((error: unknown) => {
    console.error('[main] failed to start:', error);
    app.exit(1);
  });
}
