import { describe, expect, it } from 'vitest';
import { foldReportState } from '../../../domain/report-state';
import { buildCaseRecord } from './case-record';
import { exportFileName } from './file-names';
import { AWKWARD_REPORTS, EVENTS_A, IDS } from './test-records';
import { formatWib, toWibIso, wibDate } from './wib-time';

describe('case record', () => {
  const record = buildCaseRecord(AWKWARD_REPORTS[0]!, [...EVENTS_A].reverse());

  it('lists every event oldest first and says which status events applied', () => {
    expect(record.timeline.map((e) => e.event.id)).toEqual(
      [...EVENTS_A].sort((a, b) => (a.at < b.at ? -1 : 1)).map((e) => e.id),
    );
    const moves = record.timeline.filter((e) => e.changesStatus).map((e) => e.transition);
    expect(moves).toEqual([
      { from: 'menunggu', to: 'disposisi' },
      null, // the stale koordinasi → dikerjakan made offline
      { from: 'disposisi', to: 'dikerjakan' },
      { from: 'dikerjakan', to: 'selesai' },
    ]);
    expect(record.closedAt).toBe('2025-01-31T11:00:00.000Z');
  });

  it('agrees with the domain fold', () => {
    expect(record.state).toEqual(foldReportState(EVENTS_A));
    const last = record.timeline.filter((e) => e.transition).at(-1)?.transition?.to;
    expect(last).toBe(record.state.status);
  });

  it('ignores events of other reports and has no closing time while open', () => {
    const open = buildCaseRecord(AWKWARD_REPORTS[1]!, EVENTS_A);
    expect(open.timeline).toEqual([]);
    expect(open.state.status).toBe('menunggu');
    expect(open.closedAt).toBeNull();
  });
});

describe('export times and file names', () => {
  it.each([
    ['2025-01-31T17:30:00.000Z', '2025-02-01T00:30:00.000+07:00', '2025-02-01 00:30:00 WIB'],
    ['2026-11-30T23:59:59.999Z', '2026-12-01T06:59:59.999+07:00', '2026-12-01 06:59:59 WIB'],
    ['2025-06-30T16:59:59.000Z', '2025-06-30T23:59:59.000+07:00', '2025-06-30 23:59:59 WIB'],
  ])('%s is %s', (utc, iso, readable) => {
    expect(toWibIso(utc)).toBe(iso);
    expect(Date.parse(toWibIso(utc))).toBe(Date.parse(utc));
    expect(formatWib(utc)).toBe(readable);
  });

  it('names files by the Jakarta date', () => {
    const lateEvening = new Date('2026-11-29T18:00:00.000Z'); // 01:00 WIB on the 30th
    expect(wibDate(lateEvening)).toBe('2026-11-30');
    expect(exportFileName('csv', lateEvening)).toBe('tertib-laporan-2026-11-30.csv');
    expect(exportFileName('geojson', lateEvening)).toBe('tertib-laporan-2026-11-30.geojson');
    expect(exportFileName('pdf', lateEvening, [IDS.a])).toBe(`tertib-berkas-kasus-${IDS.a}-2026-11-30.pdf`);
    expect(exportFileName('pdf', lateEvening, [IDS.a, IDS.b, IDS.c])).toBe(
      'tertib-berkas-kasus-3-laporan-2026-11-30.pdf',
    );
  });
});
