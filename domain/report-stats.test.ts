import { describe, expect, it } from 'vitest';
import {
  materializeReportState,
  median,
  normalizeAreaCode,
  shareResolved,
  stateDocId,
  statsDay,
} from './report-stats';
import { aReport, anEvent, REPORT_ID } from './test-fixtures';

const id = (n: number): string => `01J0000000000000000000${String(n).padStart(4, '0')}`;

describe('statsDay', () => {
  it('counts days in WIB (UTC+7)', () => {
    expect(statsDay('2025-03-01T16:59:59.999Z')).toBe('2025-03-01');
    expect(statsDay('2025-03-01T17:00:00.000Z')).toBe('2025-03-02');
    expect(statsDay('2024-12-31T18:00:00.000Z')).toBe('2025-01-01');
  });
});

describe('normalizeAreaCode', () => {
  it('gives one dotted spelling', () => {
    expect(normalizeAreaCode('317101')).toBe('31.71.01');
    expect(normalizeAreaCode('31.71.01')).toBe('31.71.01');
    expect(normalizeAreaCode('3171')).toBe('31.71');
    expect(normalizeAreaCode('31.71.01.1001')).toBe('31.71.01.1001');
    expect(normalizeAreaCode('3171011001')).toBe('31.71.01.1001');
  });
});

describe('materializeReportState', () => {
  const area = {
    kota: { code: '3171', name: 'Jakarta Pusat' },
    kecamatan: { code: '317101', name: 'Gambir' },
    kelurahan: { code: '3171011001', name: 'Gambir' },
  };
  const report = aReport({ capturedAt: '2025-01-31T08:00:00.000Z', area });

  it('is a waiting report without events, with no text, place or location in it', () => {
    const state = materializeReportState(report, []);
    expect(state).toEqual({
      type: 'report-state',
      reportId: REPORT_ID,
      author: 'budi',
      team: 'regu-1',
      region: 'jaksel',
      categoryId: 'pkl-trotoar',
      capturedAt: '2025-01-31T08:00:00.000Z',
      day: '2025-01-31',
      kota: { code: '31.71', name: 'Jakarta Pusat' },
      kecamatan: { code: '31.71.01', name: 'Gambir' },
      status: 'menunggu',
      assignedTeam: null,
      assignedOfficer: null,
      duplicateOf: null,
      closedAt: null,
      closeMs: null,
      handlerTeam: 'regu-1',
      handlerOfficer: 'budi',
      lastEventAt: null,
    });
    expect(JSON.stringify(state)).not.toContain(report.description);
    expect(JSON.stringify(state)).not.toContain('lat');
    expect(stateDocId(REPORT_ID)).toBe(`state:${REPORT_ID}`);
  });

  it('closes with the duration from capture to selesai, and hands the case to the assignee', () => {
    const events = [
      anEvent('status-changed', {
        id: id(3),
        at: '2025-01-31T10:15:00.000Z',
        from: 'dikerjakan',
        to: 'selesai',
      }),
      anEvent('disposed', { id: id(1), at: '2025-01-31T09:00:00.000Z' }),
      anEvent('assigned', {
        id: id(2),
        at: '2025-01-31T09:01:00.000Z',
        assignedTeam: 'regu-2',
        assignedOfficer: null,
      }),
      anEvent('status-changed', {
        id: id(4),
        at: '2025-01-31T09:30:00.000Z',
        from: 'disposisi',
        to: 'dikerjakan',
      }),
      // Another report's event never counts here.
      anEvent('rejected', { id: id(5), reportId: id(99), at: '2025-01-31T08:30:00.000Z' }),
    ];
    const state = materializeReportState(report, events);
    expect(state).toMatchObject({
      status: 'selesai',
      closedAt: '2025-01-31T10:15:00.000Z',
      closeMs: (2 * 60 + 15) * 60 * 1000,
      handlerTeam: 'regu-2',
      handlerOfficer: null,
    });
  });

  it('never gives a negative duration when the device clock ran ahead', () => {
    const ahead = aReport({ capturedAt: '2025-01-31T12:00:00.000Z' });
    const state = materializeReportState(ahead, [
      anEvent('disposed', { id: id(1), at: '2025-01-31T09:00:00.000Z' }),
      anEvent('status-changed', {
        id: id(2),
        at: '2025-01-31T09:10:00.000Z',
        from: 'disposisi',
        to: 'dikerjakan',
      }),
      anEvent('status-changed', {
        id: id(3),
        at: '2025-01-31T09:20:00.000Z',
        from: 'dikerjakan',
        to: 'selesai',
      }),
    ]);
    expect(state.closeMs).toBe(0);
    expect(state.kota).toBeNull();
  });

  it('marks a linked duplicate', () => {
    const state = materializeReportState(report, [anEvent('linked-duplicate', { id: id(1) })]);
    expect(state.duplicateOf).not.toBeNull();
  });
});

describe('median and shareResolved', () => {
  it('median', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('shareResolved leaves rejected reports out', () => {
    expect(shareResolved(0, 0, 0)).toBeNull();
    expect(shareResolved(3, 0, 3)).toBeNull();
    expect(shareResolved(10, 6, 2)).toBe(0.75);
  });
});
