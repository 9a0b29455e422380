import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { materializeReportState } from '../../../domain/report-stats';
import { aReport, anEvent } from '../../../domain/test-fixtures';
import { reportStatesDesignDoc } from './views';

type Emit = (key: unknown, value: unknown) => void;
const views = reportStatesDesignDoc().views as Record<string, { map: string; reduce: string }>;

/** Runs a map function the way CouchDB's query server does: a function expression with `emit` in scope. */
function run(map: string, doc: unknown): Array<[unknown, unknown]> {
  const out: Array<[unknown, unknown]> = [];
  const emit: Emit = (k, v) => out.push([k, v]);
  const fn = new Function('emit', `return (${map});`)(emit) as (d: unknown) => void;
  fn(JSON.parse(JSON.stringify(doc)));
  return out;
}

describe('statistics views', () => {
  it('are ES5 function expressions with built-in reduces only (real CouchDB 3 runs them)', () => {
    for (const view of Object.values(views)) {
      expect(() => parse(`(${view.map})`, { ecmaVersion: 5 })).not.toThrow();
      expect(view.reduce).toMatch(/^_(count|sum|stats)$/);
    }
  });

  const area = {
    kota: { code: '3171', name: 'Jakarta Pusat' },
    kecamatan: { code: '317101', name: 'Gambir' },
    kelurahan: { code: '3171011001', name: 'Gambir' },
  };

  it('counts a state once per dimension, under everything and under its region', () => {
    const state = materializeReportState(aReport({ capturedAt: '2025-01-31T08:00:00.000Z', area }), []);
    const rows = run(views.counts!.map, state).map(([k]) => k);
    const dims = [
      ['status', 'menunggu'],
      ['category', 'pkl-trotoar'],
      ['team', 'regu-1'],
      ['author', 'budi'],
      ['kota', '31.71'],
      ['kecamatan', '31.71.01'],
    ];
    expect(rows).toEqual([
      ...dims.map((d) => ['*', '2025-01-31', ...d]),
      ...dims.map((d) => ['jaksel', '2025-01-31', ...d]),
    ]);
    expect(run(views.closed!.map, state)).toEqual([]);
  });

  it('puts reports without an area under "-"', () => {
    const state = materializeReportState(aReport(), []);
    const keys = run(views.counts!.map, state).map(([k]) => (k as string[]).slice(2).join('='));
    expect(keys).toContain('kota=-');
    expect(keys).toContain('kecamatan=-');
  });

  it('emits a closed case with its duration and handlers', () => {
    const state = materializeReportState(aReport({ capturedAt: '2025-01-31T08:00:00.000Z' }), [
      anEvent('disposed', { id: '01J00000000000000000000001', at: '2025-01-31T09:00:00.000Z' }),
      anEvent('status-changed', {
        id: '01J00000000000000000000002',
        at: '2025-01-31T09:10:00.000Z',
        from: 'disposisi',
        to: 'dikerjakan',
      }),
      anEvent('status-changed', {
        id: '01J00000000000000000000003',
        at: '2025-01-31T10:00:00.000Z',
        from: 'dikerjakan',
        to: 'selesai',
      }),
    ]);
    expect(run(views.closed!.map, state)).toEqual([
      [
        ['*', '2025-01-31', 7_200_000],
        ['regu-1', 'budi'],
      ],
      [
        ['jaksel', '2025-01-31', 7_200_000],
        ['regu-1', 'budi'],
      ],
    ]);
  });

  it('leaves linked duplicates and other documents out', () => {
    const dup = materializeReportState(aReport(), [anEvent('linked-duplicate')]);
    expect(run(views.counts!.map, dup)).toEqual([]);
    expect(run(views.counts!.map, { type: 'report', day: '2025-01-01' })).toEqual([]);
  });
});
