import type { DeviceRecord, RegisterDeviceRequest } from '../../../../domain/devices';
import type { DeviceSigner } from './device-key';

/** What this device calls itself in the registry: the browser and platform, for people to recognise it. */
export function deviceLabel(nav: { userAgent: string; platform?: string }): string {
  const ua = nav.userAgent;
  const browser = /Electron\/[\d.]+/.exec(ua)?.[0] ?? /(Chrome|Chromium|Firefox|Edg)\/\d+/.exec(ua)?.[0] ?? 'Browser';
  const os = /\(([^)]+)\)/.exec(ua)?.[1]?.split(';')[0]?.trim() ?? nav.platform ?? '';
  return `Tertib ${browser.replace('/', ' ')}${os ? ` (${os})` : ''}`.slice(0, 120);
}

/**
 * Registers this device's key for the user before anything signed is sent (the gateway refuses what an
 * unknown device signs), once per session: a repeat refreshes the device's last contact and app version.
 * A failure rejects, so the sync pass that asked fails and is retried with its backoff.
 */
export function deviceRegistration(
  client: { registerDevice(body: RegisterDeviceRequest): Promise<DeviceRecord> },
  signer: DeviceSigner,
  user: string,
  appVersion: string,
  label: string,
): () => Promise<void> {
  let done: Promise<void> | null = null;
  return () => {
    done ??= (async () => {
      await client.registerDevice({
        id: signer.deviceId,
        publicKey: signer.publicKey,
        name: label,
        appVersion,
        proof: await signer.proveRegistration(user),
      });
    })().catch((err: unknown) => {
      // Revoked (403) or the id taken by another key (409): nothing to retry. Sync goes on, and the gateway
      // refuses each signed document with its reason, which the officer sees as *ditolak*.
      const status = (err as { status?: unknown }).status;
      if (status === 403 || status === 409) return;
      done = null;
      throw err;
    });
    return done;
  };
}
