import type { Status } from '../../../../domain/status';
import L from '../map/leaflet-global';
import type { MapItem } from './queue-map-index';

// The queue map's markers for one view (ReviewMap.tsx; the bench's lab page draws with the same code).

export const STATUS_COLOURS: Record<Status, string> = {
  menunggu: '#b45309',
  disposisi: '#7c3aed',
  koordinasi: '#0e7490',
  dikerjakan: '#1d4ed8',
  selesai: '#15803d',
  ditolak: '#6b7280',
};

export interface QueueMarkerActions {
  onPoint(id: string): void;
  onCluster(item: Extract<MapItem, { kind: 'cluster' }>): void;
  clusterTitle(count: number): string;
  pointTitle(status: Status): string;
}

/** A click on a marker, or Enter on it when focused (Leaflet's markers are focusable with `keyboard`). */
function onActivate(marker: L.Marker, act: () => void): void {
  marker.on('click', act);
  marker.on('keypress', (event: L.LeafletKeyboardEvent) => {
    if (event.originalEvent.key === 'Enter') act();
  });
}

/** Replaces the group's markers with the view's: clusters sized by count, points coloured by status. */
export function drawQueueItems(
  group: L.LayerGroup,
  view: readonly MapItem[],
  selected: string | null,
  actions: QueueMarkerActions,
): { points: number; clusters: number; reports: number; pointIds: Set<string> } {
  group.clearLayers();
  const pointIds = new Set<string>();
  let clusters = 0;
  let reports = 0;
  for (const item of view) {
    if (item.kind === 'cluster') {
      clusters++;
      reports += item.count;
      const size = Math.round(28 + Math.min(24, Math.log10(item.count) * 10));
      const marker = L.marker([item.lat, item.lng], {
        icon: L.divIcon({
          className: 'review-map-cluster',
          html: `<span style="background:${STATUS_COLOURS[item.status]};width:${size}px;height:${size}px">${item.count}</span>`,
          iconSize: [size, size],
        }),
        keyboard: true,
        title: actions.clusterTitle(item.count),
      });
      onActivate(marker, () => actions.onCluster(item));
      group.addLayer(marker);
    } else {
      reports++;
      pointIds.add(item.id);
      const isSelected = item.id === selected;
      const size = isSelected ? 22 : 16;
      const marker = L.marker([item.lat, item.lng], {
        icon: L.divIcon({
          className: `review-map-point${isSelected ? ' review-map-selected' : ''}`,
          html: `<span style="background:${STATUS_COLOURS[item.status]}" data-report-id="${item.id}"></span>`,
          iconSize: [size, size],
        }),
        keyboard: true,
        title: actions.pointTitle(item.status),
        zIndexOffset: isSelected ? 1000 : 0,
      });
      onActivate(marker, () => actions.onPoint(item.id));
      group.addLayer(marker);
    }
  }
  return { points: pointIds.size, clusters, reports, pointIds };
}
