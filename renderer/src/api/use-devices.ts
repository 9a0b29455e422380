import { useCallback } from 'react';
import type { DeviceRecord, WipeMode } from '../../../domain/devices';
import type { ApiClient } from './api-client';
import { useServerList } from './use-server-list';

export interface DevicesState {
  devices: DeviceRecord[] | null;
  loading: boolean;
  loadError: unknown;
  reload(): Promise<void>;
  /** Rejects with `ApiRequestError`; the list reloads after a success. */
  revoke(id: string, reason: string): Promise<void>;
  /** Issue 13: order a wipe (`lost` also revokes); rejects with `ApiRequestError`, reloads after a success. */
  orderWipe(id: string, mode: WipeMode, reason: string): Promise<void>;
}

/** The administrator's device registry (`/api/devices`). */
export function useDevices(client: ApiClient): DevicesState {
  const load = useCallback(() => client.listDevices(), [client]);
  const list = useServerList(load);
  const { change } = list;
  const revoke = useCallback(
    (id: string, reason: string) => change(() => client.revokeDevice(id, reason)),
    [client, change],
  );
  const orderWipe = useCallback(
    (id: string, mode: WipeMode, reason: string) => change(() => client.orderDeviceWipe(id, mode, reason)),
    [client, change],
  );
  return {
    orderWipe,
    devices: list.items,
    loading: list.loading,
    loadError: list.loadError,
    reload: list.reload,
    revoke,
  };
}

/** Devices grouped by user, users in name order, each user's devices most recent contact first. */
export function devicesByUser(devices: DeviceRecord[]): Array<{ user: string; devices: DeviceRecord[] }> {
  const groups = new Map<string, DeviceRecord[]>();
  for (const d of devices) groups.set(d.user, [...(groups.get(d.user) ?? []), d]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([user, list]) => ({
      user,
      devices: [...list].sort((a, b) => b.lastContact.localeCompare(a.lastContact)),
    }));
}
