import type { TertibBridge } from '../../domain/ipc';

declare global {
  /** The package version, injected by `define` in renderer/vite.config.ts. */
  const __APP_VERSION__: string;

  interface Window {
    /** Present only inside Electron (exposed by the preload). Read it through `platform/` only. */
    readonly tertib?: TertibBridge;
  }
}

export {};
