import { describe, expect, it } from 'vitest';
import type { Status } from '../../../../domain/status';
import type { ReviewRow } from '../../data/review/use-review';
import { QueueMapIndex } from './queue-map-index';

const row = (id: string, status: Status, at: [number, number] | null): ReviewRow =>
  ({
    id,
    status,
    report: { location: at ? { lat: at[0], lng: at[1], accuracyM: 5, source: 'device', fixedAt: '' } : null },
  }) as unknown as ReviewRow;

const WORLD: [number, number, number, number] = [-180, -85, 180, 85];

describe('QueueMapIndex', () => {
  const rows = [
    ...Array.from({ length: 30 }, (_, i) =>
      row(`a${i}`, i < 20 ? 'selesai' : 'menunggu', [-6.2, 106.8 + i * 1e-5]),
    ),
    row('far', 'ditolak', [-7.5, 110.4]),
    row('nowhere', 'menunggu', null),
  ];
  const index = new QueueMapIndex(rows);

  it('holds the rows with a location and frames them', () => {
    expect(index.located).toBe(31);
    expect(index.bounds).toEqual([106.8, -7.5, 110.4, -6.2]);
  });

  it('draws every located report once at any zoom, in clusters coloured by their most common status', () => {
    for (const zoom of [3, 8, 12, 16, 18]) {
      const items = index.items(WORLD, zoom);
      const total = items.reduce((n, i) => n + (i.kind === 'cluster' ? i.count : 1), 0);
      expect(total).toBe(31);
    }
    const cluster = index.items(WORLD, 10).find((i) => i.kind === 'cluster');
    expect(cluster).toMatchObject({ kind: 'cluster', count: 30, status: 'selesai' });
    expect(cluster?.kind === 'cluster' && cluster.counts).toMatchObject({ selesai: 20, menunggu: 10 });
    // Past the clustering's last zoom every report stands alone.
    expect(index.items(WORLD, 18).every((i) => i.kind === 'report')).toBe(true);
    const zoomIn = cluster?.kind === 'cluster' ? index.expansionZoom(cluster.clusterId) : 0;
    expect(zoomIn).toBeGreaterThan(10);
  });

  it('is empty without located rows', () => {
    const empty = new QueueMapIndex([row('x', 'menunggu', null)]);
    expect(empty.located).toBe(0);
    expect(empty.bounds).toBeNull();
    expect(empty.items(WORLD, 5)).toEqual([]);
  });
});
