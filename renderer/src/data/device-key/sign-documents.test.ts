import { firstValueFrom, filter } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { checkChain } from '../../../../domain/evidence/chain';
import { documentHash, verifyDocument } from '../../../../domain/evidence/signatures';
import { aReport, anEvent, REPORT_ID, T0 } from '../../../../domain/test-fixtures';
import { openLocalDatabase, type LocalDatabase } from '../db/local-database';
import { fixedDataKey } from '../keys/fixed-key';
import { makeDeviceKey, signerFor } from './device-key';

// Signing at creation through the real data layer (RxDB on memory storage) with a WebCrypto Ed25519 key.

const storage = getRxStorageMemory();
const open: LocalDatabase[] = [];
let n = 0;

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

const at = (m: number) => new Date(Date.parse(T0) + m * 60_000).toISOString();
const ids = (k: number) => `01J00000000000000000000${String(k).padStart(3, '0')}`;

describe('signing at creation', () => {
  it('signs a saved report and chains each event to the report and the latest event known here', async () => {
    const key = await makeDeviceKey();
    const signer = signerFor(key);
    const db = await openLocalDatabase({
      server: 'http://127.0.0.1:4984',
      user: `s${++n}`,
      storage,
      signer,
      key: await fixedDataKey('test'),
    });
    open.push(db);
    await db.reports.save({ ...aReport(), schemaVersion: 1 });
    const report = (await db.reports.get(REPORT_ID))!.report as unknown as Record<string, unknown>;
    expect(report).toMatchObject({ deviceId: key.deviceId, schemaVersion: 2 });
    expect(await verifyDocument(report, key.publicKey)).toBe(true);
    expect(await verifyDocument({ ...report, description: 'diubah' }, key.publicKey)).toBe(false);

    await db.cases.addEvent(anEvent('verified', { id: ids(1), at: at(1) }));
    await db.cases.addEvent(anEvent('disposed', { id: ids(2), at: at(2), unit: 'Regu 1' }));
    const view = await firstValueFrom(
      db.cases.observeCase(REPORT_ID).pipe(filter((v) => v !== null && v.events.length === 2)),
    );
    const events = view!.events.map((e) => e.event as unknown as Record<string, unknown>);
    const reportHash = await documentHash(report);
    expect(events[0]).toMatchObject({ deviceId: key.deviceId, reportHash, prev: null });
    expect(events[1]).toMatchObject({ reportHash, prev: await documentHash(events[0]!) });
    for (const e of events) expect(await verifyDocument(e, key.publicKey)).toBe(true);
    const chained = await Promise.all(
      events.map(async (e) => ({
        id: String(e.id),
        at: String(e.at),
        hash: await documentHash(e),
        reportHash: e.reportHash as string,
        prev: e.prev as string | null,
        signed: true,
      })),
    );
    expect(checkChain(reportHash, chained)).toEqual([]);
  });

  it('keeps the private key out of reach: not extractable', async () => {
    const key = await makeDeviceKey();
    expect(key.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', key.privateKey)).rejects.toThrow();
  });
});
