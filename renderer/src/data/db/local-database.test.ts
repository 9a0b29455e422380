import { firstValueFrom, filter } from 'rxjs';
import { fixedDataKey } from '../keys/fixed-key';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { foldReportState } from '../../../../domain/report-state';
import { aReport, anEvent, REPORT_ID, SHA } from '../../../../domain/test-fixtures';
import type { Draft } from '../contracts';
import { createRxDatabase } from 'rxdb';
import { legacyDatabaseName } from './db-name';
import {
  DataKeyMismatchError,
  InvalidReportError,
  ReportConflictError,
  localDatabaseName,
  openLocalDatabase,
  type LocalDatabase,
} from './local-database';
import { EVENT_SCHEMA, REPORT_SCHEMA, REPORT_SYNC_SCHEMA } from './schemas';

// The repository logic on RxDB's in-memory storage; the same code on IndexedDB in real Chromium is
// e2e/local-data.spec.ts.

const SERVER = 'http://127.0.0.1:4984';
const ID2 = '01HZX3K5Q7R8S9T0V1W2X3Y4Z7';
const storage = getRxStorageMemory();
const open: LocalDatabase[] = [];
let n = 0;

async function openDb(user = `u${++n}${Date.now()}`): Promise<LocalDatabase> {
  const db = await openLocalDatabase({ server: SERVER, user, storage, key: await fixedDataKey('test') });
  open.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

const draft: Draft = {
  photos: [{ sha256: 'b'.repeat(64), bytes: 10, width: 1, height: 1 }],
  exifHints: {},
  locationMode: 'none',
  location: null,
  manualLat: '',
  manualLng: '',
  categoryId: '',
  description: 'setengah',
  placeNote: '',
  capturedAt: null,
  updatedAt: '2025-01-31T08:15:30.123Z',
};

describe('ReportRepository', () => {
  it('gives an own report left without its sync row (a crash mid-save) a pending one when it opens again', async () => {
    const user = `crash${Date.now()}`;
    const db = await openDb(user);
    // The report's write landed, its sync row's did not; and a pulled report of someone else has none yet.
    await db.sync.collections.reports.insert(aReport({ author: user }));
    await db.sync.collections.reports.insert(aReport({ id: ID2, author: 'orang-lain' }));
    expect(await firstValueFrom(db.reports.observeUnsentCount())).toBe(0);
    await db.close();
    open.splice(open.indexOf(db), 1);
    const again = await openDb(user);
    expect(await firstValueFrom(again.reports.observeUnsentCount())).toBe(1);
    const outbox = await firstValueFrom(again.sync.states.observeOutbox());
    expect(outbox.map((e) => [e.id, e.state])).toEqual([[REPORT_ID, 'pending']]);
  });

  it('saves a report as pending and reads it back unchanged', async () => {
    const db = await openDb();
    await db.reports.save(aReport());
    expect(await db.reports.get(REPORT_ID)).toEqual({
      report: aReport(),
      sync: 'pending',
      rejectionReason: null,
      status: 'menunggu',
      followUp: foldReportState([]),
    });
    expect(await db.reports.get(ID2)).toBeNull();
  });

  it('is idempotent for the same id and content, and refuses a different report under that id', async () => {
    const db = await openDb();
    await db.reports.save(aReport());
    await db.reports.save({ ...aReport() });
    expect(await firstValueFrom(db.reports.observeByAuthor('budi'))).toHaveLength(1);
    await expect(db.reports.save(aReport({ description: 'lain' }))).rejects.toBeInstanceOf(ReportConflictError);
  });

  it('rejects an invalid report with the problems listed, and stores nothing', async () => {
    const db = await openDb();
    const err = await db.reports.save(aReport({ photos: [] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidReportError);
    expect((err as InvalidReportError).problems.join()).toMatch(/photos/);
    expect(await db.reports.get(REPORT_ID)).toBeNull();
  });

  it('lists an author newest first, with the sync state and the status folded from events', async () => {
    const db = await openDb();
    await db.reports.save(aReport());
    await db.reports.save(aReport({ id: ID2, createdAt: '2025-02-01T08:00:00.000Z' }));
    await db.reports.save(aReport({ id: '01HZX3K5Q7R8S9T0V1W2X3Y4Z8', author: 'sari' }));
    const list = await firstValueFrom(db.reports.observeByAuthor('budi'));
    expect(list.map((r) => r.report.id)).toEqual([ID2, REPORT_ID]);
    expect(await firstValueFrom(db.reports.observeUnsentCount())).toBe(3);
  });

  it('referencedPhotos covers saved reports, the draft and closing events\' after-photos', async () => {
    const db = await openDb();
    await db.reports.save(aReport());
    await db.drafts.save(draft);
    expect(await db.reports.referencedPhotos()).toEqual(new Set([SHA, 'b'.repeat(64)]));
    const after = { sha256: 'c'.repeat(64), bytes: 10, width: 1, height: 1 };
    await db.reports.recordEvents([
      anEvent('status-changed', { from: 'dikerjakan', to: 'selesai', note: 'Beres', photos: [after] }),
    ]);
    expect(await db.reports.referencedPhotos()).toEqual(new Set([SHA, 'b'.repeat(64), 'c'.repeat(64)]));
  });

  it('folds the status from stored events and reports sync states live', async () => {
    const db = await openDb();
    await db.reports.save(aReport());
    const live = db.reports.observeByAuthor('budi');
    expect((await firstValueFrom(live))[0]?.status).toBe('menunggu');
    await db.reports.recordEvents([anEvent('disposed')]);
    await db.reports.recordEvents([anEvent('disposed')]);
    await db.reports.setSyncState(REPORT_ID, 'rejected', 'Foto tidak jelas');
    const after = await firstValueFrom(live.pipe(filter((l) => l[0]?.sync === 'rejected')));
    expect(after[0]).toMatchObject({ status: 'disposisi', rejectionReason: 'Foto tidak jelas' });
    await db.reports.setSyncState(REPORT_ID, 'confirmed');
    expect(await firstValueFrom(db.reports.observeUnsentCount().pipe(filter((c) => c === 0)))).toBe(0);
    await expect(db.reports.recordEvents([{ ...anEvent('commented'), text: '' } as never])).rejects.toThrow(/Invalid event/);
  });
});

describe('DraftStore', () => {
  it('round-trips, clears, and is per user', async () => {
    const ani = await openDb('ani');
    const budi = await openDb('budi');
    expect(await ani.drafts.load()).toBeNull();
    await ani.drafts.save(draft);
    expect(await ani.drafts.load()).toEqual(draft);
    expect(await budi.drafts.load()).toBeNull();
    await ani.drafts.save({ ...draft, description: 'diubah' });
    expect((await ani.drafts.load())?.description).toBe('diubah');
    await ani.drafts.clear();
    expect(await ani.drafts.load()).toBeNull();
    await ani.drafts.clear();
  });

  it('keeps a chosen or emptied area, loads older drafts without one, and drops only a damaged area', async () => {
    const db = await openDb();
    const area = {
      kelurahan: { code: '31.71.01.1001', name: 'Gambir' },
      kecamatan: { code: '31.71.01', name: 'Gambir' },
      kota: { code: '31.71', name: 'Kota Administrasi Jakarta Pusat' },
    };
    await db.drafts.save({ ...draft, area });
    expect(await db.drafts.load()).toEqual({ ...draft, area });
    await db.drafts.save({ ...draft, area: null });
    expect(await db.drafts.load()).toEqual({ ...draft, area: null });
    await db.drafts.save(draft);
    expect(await db.drafts.load()).not.toHaveProperty('area');
    await db.drafts.save({ ...draft, area: { kelurahan: 'Gambir' } } as unknown as Draft);
    expect(await db.drafts.load()).toEqual(draft);
  });
});

describe('openLocalDatabase', () => {
  it('copies an unencrypted database of an earlier build (events at version 0) into the encrypted one, then removes it', async () => {
    const user = `v0-${Date.now()}`;
    const legacyName = await legacyDatabaseName(SERVER, user);
    // The events collection exactly as version 0 stored it (no `photos`), reports and sync rows unencrypted.
    const { encrypted: _e1, ...v0Schema } = EVENT_SCHEMA;
    const { photos: _p, ...v0Properties } = v0Schema.properties;
    const { encrypted: _e2, ...plainReports } = REPORT_SCHEMA;
    const v0 = await createRxDatabase({ name: legacyName, storage, multiInstance: true, localDocuments: true });
    const { events, reports, report_sync } = await v0.addCollections({
      events: { schema: { ...v0Schema, version: 0, properties: v0Properties } },
      reports: { schema: plainReports },
      report_sync: { schema: REPORT_SYNC_SCHEMA },
    });
    await events.bulkInsert([anEvent('disposed'), anEvent('commented', { id: ID2 })]);
    await reports.insert(aReport());
    await report_sync.insert({ id: REPORT_ID, state: 'pending', rejectionReason: null, updatedAt: '2024-05-01T08:00:00.000Z' });
    await v0.upsertLocal('draft', draft);
    await v0.close();

    const db = await openLocalDatabase({
      server: SERVER,
      user,
      storage,
      key: await fixedDataKey('test'),
      legacyExists: async (name) => name === legacyName,
    });
    open.push(db);
    expect(db.name).toBe(await localDatabaseName(SERVER, user));
    const read = await db.reports.get(REPORT_ID);
    expect(read?.status).toBe('disposisi');
    expect(read?.sync).toBe('pending');
    expect(read?.followUp?.comments).toBe(1);
    expect(await firstValueFrom(db.reports.observeUnsentCount())).toBe(1);
    expect(await db.drafts.load()).toEqual(draft);
    const next = anEvent('status-changed', {
      id: '01HZX3K5Q7R8S9T0V1W2X3Y4Z9',
      from: 'disposisi',
      to: 'koordinasi',
    });
    await db.reports.recordEvents([next]);
    expect((await db.reports.get(REPORT_ID))?.status).toBe('koordinasi');

    // The plaintext database is gone: opening its name again finds nothing.
    const again = await createRxDatabase({ name: legacyName, storage, multiInstance: true, localDocuments: true });
    const { reports: emptied } = await again.addCollections({ reports: { schema: plainReports } });
    expect(await emptied.count().exec()).toBe(0);
    await again.remove();
  });

  it('refuses to open a database with another key, and says so (nothing is replaced)', async () => {
    const user = `k-${Date.now()}`;
    const first = await openLocalDatabase({ server: SERVER, user, storage, key: await fixedDataKey('one') });
    await first.reports.save(aReport());
    await first.close();
    await expect(
      openLocalDatabase({ server: SERVER, user, storage, key: await fixedDataKey('two') }),
    ).rejects.toBeInstanceOf(DataKeyMismatchError);
    const back = await openLocalDatabase({ server: SERVER, user, storage, key: await fixedDataKey('one') });
    open.push(back);
    expect((await back.reports.get(REPORT_ID))?.report.description).toBe(aReport().description);
  });

  it('queues a reopen of the same user behind the close of the previous instance (StrictMode)', async () => {
    const first = await openLocalDatabase({ server: SERVER, user: 'strict', storage, key: await fixedDataKey('test') });
    const closing = first.close();
    const second = await openLocalDatabase({ server: SERVER, user: 'strict', storage, key: await fixedDataKey('test') });
    await closing;
    open.push(second);
    expect(second.name).toBe(first.name);
  });
});
