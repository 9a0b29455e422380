import { describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../../../domain/devices';
import { devicesByUser } from './use-devices';

const device = (id: string, user: string, lastContact: string): DeviceRecord => ({
  id,
  user,
  algorithm: 'Ed25519',
  publicKey: 'k',
  name: id,
  appVersion: '0.1.0',
  firstContact: '2026-12-01T00:00:00.000Z',
  lastContact,
  revoked: null,
  backlog: null,
  wipe: null,
  wipeConfirmed: null,
});

describe('devices per user', () => {
  it('groups by user in name order, most recent contact first', () => {
    const groups = devicesByUser([
      device('a', 'budi', '2026-12-02T00:00:00.000Z'),
      device('b', 'ani', '2026-12-01T00:00:00.000Z'),
      device('c', 'budi', '2026-12-03T00:00:00.000Z'),
    ]);
    expect(groups.map((g) => [g.user, g.devices.map((d) => d.id)])).toEqual([
      ['ani', ['b']],
      ['budi', ['c', 'a']],
    ]);
  });
});
