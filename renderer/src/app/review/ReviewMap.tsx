import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBasemap } from '../../data/basemap/use-basemap';
import type { ReviewRow } from '../../data/review/use-review';
import { statusLabel } from '../my-reports/format';
import { addBackground, type MapBackground } from '../map/basemap-layer';
import L from '../map/leaflet-global';
import { QueueMapIndex, type MapItem } from './queue-map-index';
import { drawQueueItems } from './queue-map-layer';

/**
 * The review queue on a map: the same filtered rows as the list, clustered (supercluster), coloured by status.
 * The selection is shared with the list: a click (or Enter on a focused point) selects a report, and on the
 * selected report it opens the case; a click on a cluster zooms in until it falls apart.
 */
export function ReviewMap({
  items,
  frameKey,
  selected,
  onSelect,
  onOpen,
}: {
  items: readonly ReviewRow[];
  /** Changes when the filters do: the map then frames the reports anew (a sync's new rows keep the view). */
  frameKey: string;
  selected: string | null;
  onSelect(id: string): void;
  onOpen(id: string): void;
}) {
  const { t, i18n } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  /** The reports drawn as points (not inside a cluster) in the current view. */
  const drawn = useRef(new Set<string>());
  const lastDrawn = useRef('');
  /** The filters the view was last framed for. */
  const framed = useRef<string | null>(null);
  const basemap = useBasemap();
  const [background, setBackground] = useState<MapBackground | null>(null);
  const [shown, setShown] = useState({ points: 0, clusters: 0, reports: 0, zoom: 0 });
  const index = useMemo(() => new QueueMapIndex(items), [items]);
  const ready = basemap.status !== 'loading';
  const archive = basemap.status === 'ready' ? basemap.basemap : null;
  const language = i18n.language;
  const handlers = useRef({ onSelect, onOpen, selected, index, language });
  useEffect(() => {
    handlers.current = { onSelect, onOpen, selected, index, language };
  });

  const draw = () => {
    const map = mapRef.current;
    const group = layer.current;
    if (!map || !group) return;
    const { index: current, selected: chosen, language: lang } = handlers.current;
    const b = map.getBounds();
    const view: MapItem[] = current.items(
      [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      map.getZoom(),
    );
    // The same view drawn again (a pan within it, a re-render): keep the markers, and the keyboard focus on one.
    const signature = `${chosen}|${view.map((i) => (i.kind === 'cluster' ? `c${i.clusterId}:${i.count}` : i.id)).join(',')}`;
    if (signature === lastDrawn.current) return;
    lastDrawn.current = signature;
    const { points, clusters, reports, pointIds } = drawQueueItems(group, view, chosen, {
      onPoint: (id) => {
        const h = handlers.current;
        if (h.selected === id) h.onOpen(id);
        else h.onSelect(id);
      },
      onCluster: (item) =>
        map.setView([item.lat, item.lng], Math.min(current.expansionZoom(item.clusterId), 18)),
      clusterTitle: (count) => t('review.map.cluster', { count }),
      pointTitle: (status) => statusLabel(status, lang),
    });
    drawn.current = pointIds;
    setShown({ points, clusters, reports, zoom: map.getZoom() });
  };

  // The map and its background.
  useEffect(() => {
    const el = element.current;
    if (!el || !ready) return undefined;
    const map = L.map(el, { attributionControl: false, zoomControl: true, scrollWheelZoom: true });
    map.setView([-6.1754, 106.8272], 11);
    mapRef.current = map;
    layer.current = L.layerGroup().addTo(map);
    lastDrawn.current = '';
    setBackground(addBackground(map, { basemap: archive, language }));
    map.on('moveend', draw);
    return () => {
      map.remove();
      mapRef.current = null;
      layer.current = null;
      framed.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- draw reads the latest props through refs
  }, [ready, archive, language]);

  // New filters: frame their reports. New rows from sync: redraw, keeping the view.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (framed.current !== frameKey && index.bounds) {
      framed.current = frameKey;
      const [w, s, e, n] = index.bounds;
      map.fitBounds(
        [
          [s, w],
          [n, e],
        ],
        { padding: [24, 24], maxZoom: 16, animate: false },
      );
    }
    draw();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- draw reads the latest props through refs
  }, [index, frameKey, background]);

  // A selection made in the list: shown on the map, and brought into view if it is off screen.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || selected === null) {
      draw();
      return;
    }
    const row = items.find((r) => r.id === selected);
    const loc = row?.report.location;
    if (loc && !map.getBounds().contains([loc.lat, loc.lng]))
      map.panTo([loc.lat, loc.lng], { animate: false });
    draw();
    // Inside a cluster: zoom in until it stands alone (past the clustering's last zoom every point does).
    if (loc && !drawn.current.has(selected)) map.setView([loc.lat, loc.lng], 18, { animate: false });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- draw reads the latest props through refs
  }, [selected]);

  return (
    <div className="review-map-wrap">
      <div
        ref={element}
        className={`review-map case-map-${background === 'basemap' ? 'tiles' : 'plain'}`}
        role="group"
        aria-label={t('review.map.label')}
        data-testid="review-map"
        data-map-mode={background ?? 'loading'}
        data-located={index.located}
        data-shown-reports={shown.reports}
        data-shown-points={shown.points}
        data-shown-clusters={shown.clusters}
        data-zoom={shown.zoom}
      />
      <p className="muted review-map-note">
        {t('review.map.note', { located: index.located, total: items.length })}
        {background === 'plain' ? ` ${t('review.map.plain')}` : ''}
      </p>
    </div>
  );
}
