import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { fixedDataKey } from '../keys/fixed-key';
import { afterEach, describe, expect, it } from 'vitest';
import { aReport, anEvent, OTHER_ID, REPORT_ID } from '../../../../domain/test-fixtures';
import { readCaseFiles } from './case-file-reader';
import { openLocalDatabase, type LocalDatabase } from './local-database';

// The export reader on RxDB's in-memory storage (the app's IndexedDB path runs in e2e/exports.spec.ts).

const storage = getRxStorageMemory();
const open: LocalDatabase[] = [];
const ABSENT = '01HZX3K5Q7R8S9T0V1W2X3Y4ZZ';

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

describe('readCaseFiles', () => {
  it('reads the reports in the order asked, all their events and nothing else, and names the missing', async () => {
    const db = await openLocalDatabase({ server: 'http://127.0.0.1:4984', user: `case-${Date.now()}`, storage, key: await fixedDataKey('test') });
    open.push(db);
    const a = aReport();
    const b = aReport({ id: OTHER_ID, description: 'Laporan kedua', location: null });
    await db.reports.save(a);
    await db.reports.save(b);
    const eventsA = [
      anEvent('disposed', { id: '01HZX3K5Q7R8S9T0V1W2X3Y401' }),
      anEvent('commented', { id: '01HZX3K5Q7R8S9T0V1W2X3Y402', at: '2025-02-01T00:00:00.000Z' }),
    ];
    const third = aReport({ id: '01HZX3K5Q7R8S9T0V1W2X3Y4Z9' });
    await db.reports.save(third);
    await db.reports.recordEvents([
      ...eventsA,
      anEvent('verified', { id: '01HZX3K5Q7R8S9T0V1W2X3Y403', reportId: third.id }),
    ]);

    const files = await readCaseFiles(db.sync.collections, [OTHER_ID, ABSENT, REPORT_ID]);
    expect(files.reports).toEqual([b, a]);
    expect(files.missing).toEqual([ABSENT]);
    expect([...files.events].sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual(eventsA);
  });
});
