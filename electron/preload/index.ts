// The sandboxed preload: exposes `window.tertib`, a fixed set of named functions over the IPC contract
// (domain/ipc.ts). Never a raw ipcRenderer, never a channel name chosen by the page. A sandboxed preload
// cannot require local files, so this is bundled into one CommonJS file (electron/vite.config.ts).

import { contextBridge, ipcRenderer } from 'electron';
import {
  NOTIFICATION_CLICKED_EVENT,
  ipcValidators,
  isReportIdForIpc,
  type CasePdfRequest,
  type SaveTextRequest,
  type IpcChannel,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
  type TertibBridge,
} from '../../domain/ipc';

/** Checks the request here too (fail fast, no round trip), and turns a rejected invoke into an envelope. */
async function invoke<C extends IpcChannel>(
  channel: C,
  request: IpcRequest<C>,
): Promise<IpcResult<IpcResponse<C>>> {
  if (!ipcValidators[channel](request)) return { ok: false, error: 'invalid-request' };
  try {
    return (await ipcRenderer.invoke(channel, request)) as IpcResult<IpcResponse<C>>;
  } catch {
    return { ok: false, error: 'ipc-unavailable' };
  }
}

const bridge = {
  appInfo: () => invoke('app:info', null),
  getToken: (server: string) => invoke('auth:token-get', { server }),
  setToken: (server: string, token: string) => invoke('auth:token-set', { server, token }),
  clearToken: (server: string) => invoke('auth:token-clear', { server }),
  openExternal: (url: string) => invoke('shell:open-external', { url }),
  sealDataKey: (secret: string) => invoke('keys:seal', { secret }),
  openDataKey: (sealed: string) => invoke('keys:open', { sealed }),
  showNotification: (request) => invoke('notification:show', request),
  onNotificationClick: (listener) => {
    // Only the report id crosses, after the same check the main process applies; never the IPC event.
    const relay = (_event: unknown, reportId: unknown) => {
      if (isReportIdForIpc(reportId)) listener(reportId);
    };
    ipcRenderer.on(NOTIFICATION_CLICKED_EVENT, relay);
    return () => {
      ipcRenderer.removeListener(NOTIFICATION_CLICKED_EVENT, relay);
    };
  },
  saveTextExport: (request: SaveTextRequest) => invoke('export:save-text', request),
  printCasePdf: (request: CasePdfRequest) => invoke('export:case-pdf', request),
} satisfies TertibBridge;

contextBridge.exposeInMainWorld('tertib', bridge);
