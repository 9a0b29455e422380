import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { fixedDataKey } from '../keys/fixed-key';
import { afterEach, describe, expect, it } from 'vitest';
import { aReport, anEvent } from '../../../../domain/test-fixtures';
import { openLocalDatabase, type LocalDatabase } from '../db/local-database';
import { ReviewIndex, reviewIndexFor, type ReviewSnapshot } from './review-index';
import { EMPTY_FILTER } from './review-query';

// The index over real RxDB collections (memory storage in Node; IndexedDB in Chromium is
// e2e/review-queue.spec.ts): built from what is stored, then kept current from the change streams.

const storage = getRxStorageMemory();
const open: LocalDatabase[] = [];
let n = 0;

async function openDb(): Promise<LocalDatabase> {
  const db = await openLocalDatabase({ server: 'http://127.0.0.1:4984', user: `rev${++n}${Date.now()}`, storage, key: await fixedDataKey('test') });
  open.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

const id = (i: number) => `01HZX3K5Q7R8S9T0V1W2X3${String(i).padStart(4, '0')}`;
const eid = (i: number) => `01HZX3K5Q7R8S9T0V1W2X4${String(i).padStart(4, '0')}`;
const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString();

/** Resolves with the first snapshot for which `ok` holds (the index publishes after a short throttle). */
function until(index: ReviewIndex, ok: (s: ReviewSnapshot) => boolean): Promise<ReviewSnapshot> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('no such snapshot within 5 s')), 5000);
    const check = () => {
      const s = index.current;
      if (s && ok(s)) {
        clearTimeout(timeout);
        stop();
        resolve(s);
      }
    };
    const stop = index.subscribe(check);
    check();
  });
}

describe('ReviewIndex', () => {
  it('never folds an event the server refused for good into a status, and re-folds when one is refused', async () => {
    const db = await openDb();
    await db.reports.save(aReport({ id: id(1), capturedAt: at(1), description: 'Laporan 1' }));
    await db.reports.save(aReport({ id: id(2), capturedAt: at(2), description: 'Laporan 2' }));
    await db.reports.recordEvents([
      anEvent('disposed', { id: eid(1), reportId: id(1), at: at(10) }),
      anEvent('disposed', { id: eid(2), reportId: id(2), at: at(11) }),
    ]);
    await db.sync.eventStates.markRefused([{ id: eid(1), error: 'forbidden', reason: 'Tidak boleh' }]);
    const index = new ReviewIndex(db.sync.collections, 10, db.sync.eventStates.observeRefused());
    await index.ready;
    const status = (s: ReviewSnapshot) => Object.fromEntries(s.rows.map((r) => [r.report.description, r.status]));
    expect(status(index.current!)).toEqual({ 'Laporan 1': 'menunggu', 'Laporan 2': 'disposisi' });
    await db.sync.eventStates.markRefused([{ id: eid(2), error: 'forbidden', reason: 'Tidak boleh' }]);
    await until(index, (s) => status(s)['Laporan 2'] === 'menunggu');
    index.close();
  });

  it('builds from the stored reports with their folded status, then follows new reports and events', async () => {
    const db = await openDb();
    for (let i = 1; i <= 3; i++) {
      await db.reports.save(aReport({ id: id(i), capturedAt: at(i), description: `Laporan ${i}` }));
    }
    await db.reports.recordEvents([anEvent('disposed', { id: eid(1), reportId: id(2), at: at(10) })]);

    const index = new ReviewIndex(db.sync.collections, 10);
    const stats = await index.ready;
    expect(stats.buildMs).toBeGreaterThanOrEqual(0);
    const first = index.current!;
    expect(first.size).toBe(3);
    const status = (s: ReviewSnapshot) => Object.fromEntries(s.rows.map((r) => [r.report.description, r.status]));
    expect(status(first)).toEqual({ 'Laporan 1': 'menunggu', 'Laporan 2': 'disposisi', 'Laporan 3': 'menunggu' });
    // RxDB's bookkeeping does not leak into the rows.
    expect(Object.keys(first.rows[0]!.report).filter((k) => k.startsWith('_'))).toEqual([]);

    // A new event refolds only its report; a new report appears; nothing else changes.
    await db.reports.recordEvents([
      anEvent('status-changed', { id: eid(2), reportId: id(2), at: at(11), from: 'disposisi', to: 'dikerjakan' }),
      anEvent('assigned', { id: eid(3), reportId: id(1), at: at(12), assignedTeam: 'regu-2', assignedOfficer: 'sari' }),
    ]);
    await db.reports.save(aReport({ id: id(4), capturedAt: at(4), description: 'Laporan 4' }));
    const later = await until(index, (s) => s.size === 4 && s.rows.some((r) => r.status === 'dikerjakan'));
    expect(later.version).toBeGreaterThan(first.version);
    expect(status(later)).toEqual({
      'Laporan 1': 'menunggu',
      'Laporan 2': 'dikerjakan',
      'Laporan 3': 'menunggu',
      'Laporan 4': 'menunggu',
    });
    const one = later.rows.find((r) => r.id === id(1))!;
    expect([one.assignedTeam, one.assignedOfficer]).toEqual(['regu-2', 'sari']);
    // The earlier snapshot is unchanged: screens may hold on to it.
    expect(first.size).toBe(3);
    expect(later.query({ ...EMPTY_FILTER, status: 'menunggu' }).items.map((r) => r.report.description)).toEqual([
      'Laporan 4',
      'Laporan 3',
      'Laporan 1',
    ]);
    index.close();
  });

  it('an event that arrives before its report is applied when the report comes', async () => {
    const db = await openDb();
    const index = new ReviewIndex(db.sync.collections, 10);
    await index.ready;
    expect(index.current!.size).toBe(0);
    await db.reports.recordEvents([anEvent('rejected', { id: eid(5), reportId: id(5), at: at(20) })]);
    await db.reports.save(aReport({ id: id(5), capturedAt: at(5) }));
    const s = await until(index, (x) => x.size === 1);
    expect(s.rows[0]!.status).toBe('ditolak');
    index.close();
  });

  it('a correction replaces the row (the search sees the new text)', async () => {
    const db = await openDb();
    await db.reports.save(aReport({ id: id(6), description: 'Kerumunan di pasar' }));
    await db.reports.setSyncState(id(6), 'rejected', 'Kategori salah');
    const index = new ReviewIndex(db.sync.collections, 10);
    await index.ready;
    const q = (s: ReviewSnapshot, text: string) => s.query({ ...EMPTY_FILTER, q: text }).items.length;
    expect(q(index.current!, 'pasar')).toBe(1);
    const local = await db.reports.get(id(6));
    await db.reports.correct({ ...local!.report, description: 'Kerumunan di stasiun' });
    const s = await until(index, (x) => q(x, 'stasiun') === 1);
    expect(q(s, 'pasar')).toBe(0);
    expect(s.size).toBe(1);
    index.close();
  });

  it('one index per open database; a new database instance gets a new index', async () => {
    const db = await openDb();
    const a = reviewIndexFor(db.sync.collections);
    expect(reviewIndexFor(db.sync.collections)).toBe(a);
    await a.ready;
    await db.close();
    const again = await openLocalDatabase({ server: 'http://127.0.0.1:4984', user: `rev${n}x`, storage, key: await fixedDataKey('test') });
    open.push(again);
    expect(reviewIndexFor(again.sync.collections)).not.toBe(a);
  });
});
