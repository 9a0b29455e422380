// Which web permissions the renderer gets. Everything is denied except what filing a report needs —
// the camera (for photos), geolocation (for the GPS fix) and serial ports (an external GNSS receiver, issue
// 12) — and only for the app's own origin, in the top-level frame. Table-tested in permission-policy.test.ts.

import { isAppOrigin } from './app-identity';

export interface PermissionQuery {
  /** Electron's permission name ('media', 'geolocation', …). */
  permission: string;
  /** The requesting origin or the requesting frame's URL; null or absent when Electron gives none. */
  origin: string | null | undefined;
  isMainFrame: boolean;
  /** For 'media': what is asked for. Requests carry a list, checks a single type. */
  mediaTypes?: readonly string[] | undefined;
}

/** Permissions granted to the app origin when nothing more needs checking. */
const GRANTED_TO_APP: ReadonlySet<string> = new Set(['geolocation', 'serial']);

export function decidePermission(query: PermissionQuery): boolean {
  if (!query.isMainFrame || !isAppOrigin(query.origin)) return false;
  if (query.permission === 'media') {
    // Camera only: the app takes photos, never records sound. An empty or absent list means Electron
    // could not tell what is asked for, so deny.
    const types = query.mediaTypes ?? [];
    return types.length > 0 && types.every((t) => t === 'video');
  }
  return GRANTED_TO_APP.has(query.permission);
}

export interface DevicePermissionQuery {
  /** Electron's `deviceType`: 'hid', 'serial' or 'usb'. */
  deviceType: string;
  origin: string | null | undefined;
}

/**
 * Devices the app may use without a new prompt: serial ports (a GNSS receiver the officer chose once) for the
 * app origin. HID, USB and every other origin are refused.
 */
export function decideDevicePermission(query: DevicePermissionQuery): boolean {
  return query.deviceType === 'serial' && isAppOrigin(query.origin);
}
