import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../platform/key-value-store';
import { sendWipeConfirmations } from './device-wipe';

const PENDING = 'tertib.wipeConfirmations';

const confirmation = (deviceId: string, orderedAt: string) => ({
  server: 'https://tertib.test',
  deviceId,
  body: {
    user: 'ani',
    orderedAt,
    wipedAt: '2026-12-06T10:00:00.000Z',
    unsentReports: 1,
    unsentPhotos: 2,
    signature: `sig-${deviceId}`,
  },
});

const kept = (store: MemoryStore) =>
  (JSON.parse(store.getItem(PENDING) ?? '[]') as Array<{ deviceId: string }>).map((p) => p.deviceId);

describe('sendWipeConfirmations', () => {
  it('keeps a confirmation a wipe signed while the requests were in flight', async () => {
    const store = new MemoryStore();
    store.setItem(PENDING, JSON.stringify([confirmation('d-1', '2026-12-06T09:00:00.000Z')]));
    let answer!: (res: Response) => void;
    const calls: string[] = [];
    const sending = sendWipeConfirmations(store, (url) => {
      calls.push(url);
      return new Promise<Response>((resolve) => (answer = resolve));
    });
    await Promise.resolve();
    // carryOutWipe appends its signed confirmation meanwhile.
    store.setItem(
      PENDING,
      JSON.stringify([...(JSON.parse(store.getItem(PENDING)!) as unknown[]), confirmation('d-2', '2026-12-06T09:30:00.000Z')]),
    );
    answer(new Response('{"ok":true}', { status: 200 }));
    expect(await sending).toBe(1);
    expect(calls).toEqual(['https://tertib.test/api/devices/d-1/wipe-confirmation']);
    expect(kept(store)).toEqual(['d-2']);
  });

  it('keeps what the server did not take yet and drops what it will never take', async () => {
    const store = new MemoryStore();
    store.setItem(
      PENDING,
      JSON.stringify([
        confirmation('d-ok', 'a'),
        confirmation('d-offline', 'b'),
        confirmation('d-lagging', 'c'),
        confirmation('d-5xx', 'd'),
        confirmation('d-gone', 'e'),
      ]),
    );
    const status: Record<string, number> = { 'd-ok': 200, 'd-lagging': 404, 'd-5xx': 503, 'd-gone': 409 };
    const sent = await sendWipeConfirmations(store, (url) => {
      const id = /devices\/([^/]+)\//.exec(url)![1]!;
      const code = status[id];
      return code === undefined ? Promise.reject(new TypeError('offline')) : Promise.resolve(new Response('{}', { status: code }));
    });
    expect(sent).toBe(1);
    expect(kept(store)).toEqual(['d-offline', 'd-lagging', 'd-5xx']);
  });
});
