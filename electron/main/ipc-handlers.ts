// What each IPC channel of domain/ipc.ts does. Every handler goes through `handle()`, so it receives an
// already-validated request from the app's own frame and may throw IpcError to refuse.

import { app, Notification, shell } from 'electron';
import { NOTIFICATION_CLICKED_EVENT, type AppInfo } from '../../domain/ipc';
import { PRODUCT_NAME } from '../common/app-identity';
import { IpcError } from '../common/ipc-guard';
import { trustedExternalUrl } from '../common/trusted-url';
import { registerExportHandlers } from './export-handlers';
import { handle } from './ipc-handle';
import type { TokenCipher, TokenStore } from './token-store';
import { focusMainWindow, mainWebContents } from './window';

export interface IpcHandlerDeps {
  tokens: TokenStore;
  /** safeStorage, for sealing users' data keys (the renderer keeps the sealed text). */
  cipher: TokenCipher;
  /** Normalized TERTIB_SERVER_URL, if any. */
  defaultServer: string | null;
}

export function registerIpcHandlers({ tokens, cipher, defaultServer }: IpcHandlerDeps): void {
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

  // A data key sealed by Linux's hard-coded fallback key would be readable by anyone copying the profile:
  // refuse, and the renderer falls back to the password-wrapped copy (issue 13).
  handle('keys:seal', ({ secret }) => {
    if (cipher.unavailableReason !== null) throw new IpcError('keychain-unavailable');
    return cipher.encrypt(secret).toString('base64');
  });
  handle('keys:open', ({ sealed }) => {
    if (cipher.unavailableReason !== null) throw new IpcError('keychain-unavailable');
    try {
      return cipher.decrypt(Buffer.from(sealed, 'base64'));
    } catch {
      throw new IpcError('keychain-unavailable');
    }
  });

  handle('shell:open-external', async ({ url }) => {
    const trusted = trustedExternalUrl(url);
    if (trusted === null) throw new IpcError('untrusted-url');
    await shell.openExternal(trusted);
    return null;
  });

  // Kept referenced until closed: a garbage-collected Notification loses its click handler.
  const shown = new Set<Notification>();
  handle('notification:show', ({ title, body, reportId }) => {
    if (!Notification.isSupported()) return null;
    const notification = new Notification({ title, body, silent: false });
    shown.add(notification);
    notification.on('click', () => {
      focusMainWindow();
      mainWebContents()?.send(NOTIFICATION_CLICKED_EVENT, reportId);
    });
    notification.on('close', () => shown.delete(notification));
    notification.show();
    return null;
  });
  registerExportHandlers();
}
