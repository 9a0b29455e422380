// The single way the main process answers the renderer (STYLE.md rule 3). The checks themselves are
// pure and tested (../common/ipc-guard.ts); this adapts Electron's event to them.

import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { IpcChannel } from '../../domain/ipc';
import { runGuarded, type IpcHandler, type IpcSender } from '../common/ipc-guard';

function senderOf(event: IpcMainInvokeEvent): IpcSender | null {
  try {
    // senderFrame is null once the frame navigated away or was destroyed.
    const frame = event.senderFrame;
    if (frame === null) return null;
    return { origin: frame.origin, isMainFrame: frame.parent === null };
  } catch {
    return null;
  }
}

function logError(channel: IpcChannel, error: unknown): void {
  console.error(`[ipc] ${channel}:`, error);
}

export function handle<C extends IpcChannel>(channel: C, handler: IpcHandler<C>): void {
  ipcMain.handle(channel, (event, request: unknown) =>
    runGuarded(channel, senderOf(event), request, handler, logError),
  );
}
