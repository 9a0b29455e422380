import { filter, firstValueFrom } from 'rxjs';
import { fixedDataKey } from '../keys/fixed-key';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { aReport, anEvent, REPORT_ID, T0 } from '../../../../domain/test-fixtures';
import { openLocalDatabase, type CaseView, type LocalDatabase } from './local-database';

// The case store on RxDB's in-memory storage: what the case screen reads, and own events' sync states.

const storage = getRxStorageMemory();
const open: LocalDatabase[] = [];
let n = 0;

async function openDb(): Promise<LocalDatabase> {
  const db = await openLocalDatabase({ server: 'http://127.0.0.1:4984', user: `c${++n}${Date.now()}`, storage, key: await fixedDataKey('test') });
  open.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

const ids = (k: number) => `01J00000000000000000000${String(k).padStart(3, '0')}`;
const at = (m: number) => new Date(Date.parse(T0) + m * 60_000).toISOString();
const until = (db: LocalDatabase, ok: (v: CaseView | null) => boolean) =>
  firstValueFrom(db.cases.observeCase(REPORT_ID).pipe(filter(ok)));

describe('case store', () => {
  it('shows every event oldest first; own events pending → sent, refused ones fold into nothing', async () => {
    const db = await openDb();
    await db.reports.save(aReport());
    const disposed = anEvent('disposed', { id: ids(2), at: at(2) });
    const verified = anEvent('verified', { id: ids(1), at: at(1) });
    await db.reports.recordEvents([verified]); // pulled from the server: no row, reads as sent
    await db.cases.addEvent(disposed);

    let view = await until(db, (v) => v !== null && v.events.length === 2);
    expect(view?.events.map((e) => [e.event.kind, e.sync])).toEqual([
      ['verified', 'sent'],
      ['disposed', 'pending'],
    ]);
    expect(view?.state.status).toBe('disposisi');

    const forged = anEvent('status-changed', { id: ids(3), at: at(3), from: 'disposisi', to: 'koordinasi' });
    await db.cases.addEvent(forged);
    await db.sync.eventStates.markSent([disposed.id, 'someone-elses-event']);
    await db.sync.eventStates.markRefused([{ id: forged.id, error: 'forbidden', reason: 'Tidak boleh.' }]);
    view = await until(db, (v) => v?.events.find((e) => e.event.id === forged.id)?.sync === 'refused');
    expect(view?.events.map((e) => e.sync)).toEqual(['sent', 'sent', 'refused']);
    expect(view?.events[2]?.refusedReason).toBe('Tidak boleh.');
    expect(view?.state.status).toBe('disposisi');
    // The list screens agree: a refused step does not move the status there either.
    expect((await db.reports.get(REPORT_ID))?.status).toBe('disposisi');
    const listed = await firstValueFrom(db.reports.observeByAuthor(aReport().author));
    expect(listed[0]?.status).toBe('disposisi');
    expect(await firstValueFrom(db.sync.eventStates.observePending())).toEqual([]);
  });

  it('refuses an invalid event and does not store it', async () => {
    const db = await openDb();
    await db.reports.save(aReport());
    await expect(db.cases.addEvent(anEvent('rejected', { id: ids(4), reason: ' ' }))).rejects.toThrow(/Invalid/);
    const view = await until(db, (v) => v !== null);
    expect(view?.events).toEqual([]);
  });

  it('offers same-category reports of the time window as duplicate candidates, with their links', async () => {
    const db = await openDb();
    const subject = aReport();
    const twin = aReport({ id: ids(10), capturedAt: at(30) });
    const linked = aReport({ id: ids(11), capturedAt: at(-30) });
    const late = aReport({ id: ids(12), capturedAt: at(200) });
    const otherCategory = aReport({ id: ids(13), categoryId: 'parkir-liar' });
    for (const r of [subject, twin, linked, late, otherCategory]) await db.reports.save(r);
    await db.reports.recordEvents([
      anEvent('linked-duplicate', { id: ids(20), reportId: linked.id, duplicateOf: twin.id }),
    ]);
    const candidates = await firstValueFrom(
      db.cases.observeDuplicateCandidates(subject).pipe(filter((c) => c.length === 2)),
    );
    expect(candidates.map((c) => [c.report.id, c.duplicateOf]).sort()).toEqual([
      [twin.id, null],
      [linked.id, twin.id],
    ].sort());
  });

  it('knows the teams, officers and units seen on the device', async () => {
    const db = await openDb();
    await db.reports.save(aReport());
    await db.reports.recordEvents([
      anEvent('disposed', { id: ids(30), unit: 'Kec. Tebet' }),
      anEvent('assigned', { id: ids(31), assignedTeam: 'regu-7', assignedOfficer: 'joko' }),
    ]);
    const names = await firstValueFrom(db.cases.observeKnownNames().pipe(filter((k) => k.units.length > 0)));
    expect(names).toEqual({ teams: ['regu-1', 'regu-7'], officers: ['budi', 'joko'], units: ['Kec. Tebet'] });
  });
});
