// What each IPC channel of domain/ipc.ts does. Every handler goes through `handle()`, so it receives an
// already-validated request from the app's own frame and may throw IpcError to refuse.

import { app, shell } from 'electron';
import type { AppInfo } from '../../domain/ipc';
import { PRODUCT_NAME } from '../common/app-identity';
import { IpcError } from '../common/ipc-guard';
import { trustedExternalUrl } from '../common/trusted-url';
import { registerExportHandlers } from './export-handlers';
import { handle } from './ipc-handle';
import type { TokenStore } from './token-store';

export interface IpcHandlerDeps {
  tokens: TokenStore;
  /** Normalized TERTIB_SERVER_URL, if any. */
  defaultServer: string | null;
}

export function registerIpcHandlers({ tokens, defaultServer }: IpcHandlerDeps): void {
  handle('app:info', (): AppInfo => ({
    name: PRODUCT_NAME,
    version: app.getVersion(),
    platform: process.platform,
    electron: process.versions.electron ?? '',
    ...(defaultServer === null ? {} : { defaultServer }),
  }));

  handle('auth:token-get', ({ server }) => tokens.get(server));
  handle('auth:token-set', async ({ server, token }) => {
    await tokens.set(server, token);
    return null;
  });
  handle('auth:token-clear', async ({ server }) => {
    await tokens.clear(server);
    return null;
  });

  handle('shell:open-external', async ({ url }) => {
    const trusted = trustedExternalUrl(url);
    if (trusted === null) throw new IpcError('untrusted-url');
    await shell.openExternal(trusted);
    return null;
  });

  registerExportHandlers();
}
