import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBasemap } from '../../data/basemap/use-basemap';
import { useReviewResult, useReviewSnapshot } from '../../data/review/use-review';
import { addBackground, type MapBackground } from '../map/basemap-layer';
import L from '../map/leaflet-global';
import { DEFAULT_PARAMS, toFilter } from '../review/review-params';
import { formatCount, type DayRange } from './stats-format';
import { kecamatanPoints, pointRadius } from './kecamatan-points';

/**
 * Reports per kecamatan on the map — a point sized by the count at the centre of the kecamatan's reports —
 * and the same numbers as a table, from the reports on this device (the region's, synced), over the
 * dashboard's date range.
 */
export function KecamatanMap({
  range,
  categoryLabel,
}: {
  range: DayRange;
  categoryLabel: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const snapshot = useReviewSnapshot();
  const filter = useMemo(() => toFilter({ ...DEFAULT_PARAMS, from: range.from, to: range.to }), [range]);
  const result = useReviewResult(snapshot, filter, categoryLabel, lang);
  const points = useMemo(() => (result ? kecamatanPoints(result.items) : []), [result]);
  const element = useRef<HTMLDivElement>(null);
  const basemap = useBasemap();
  const [background, setBackground] = useState<MapBackground | null>(null);
  const ready = basemap.status !== 'loading';
  const archive = basemap.status === 'ready' ? basemap.basemap : null;

  useEffect(() => {
    const el = element.current;
    if (!el || !ready) return undefined;
    const map = L.map(el, { attributionControl: false, scrollWheelZoom: false });
    map.setView([-6.1754, 106.8272], 11);
    setBackground(addBackground(map, { basemap: archive, language: lang }));
    const located = points.filter((p) => p.lat !== null && p.lng !== null);
    const largest = Math.max(0, ...points.map((p) => p.count));
    const bounds = L.latLngBounds([]);
    for (const p of located) {
      const at = L.latLng(p.lat!, p.lng!);
      bounds.extend(at);
      L.circleMarker(at, {
        radius: pointRadius(p.count, largest),
        color: '#1e3a8a',
        weight: 2,
        fillColor: '#3b82f6',
        fillOpacity: 0.5,
        className: 'kecamatan-point',
      })
        .bindTooltip(`${p.name}: ${formatCount(p.count, lang)}`, {
          permanent: located.length <= 12,
          direction: 'top',
        })
        .addTo(map);
    }
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [48, 48], maxZoom: 14, animate: false });
    return () => {
      map.remove();
    };
  }, [ready, archive, lang, points]);

  return (
    <section className="panel kecamatan-map" aria-labelledby="kecamatan-map-title">
      <h2 id="kecamatan-map-title">{t('dashboard.kecamatanMap.title')}</h2>
      <div
        ref={element}
        className={`kecamatan-map-canvas case-map-${background === 'basemap' ? 'tiles' : 'plain'}`}
        role="group"
        aria-label={t('dashboard.kecamatanMap.title')}
        data-testid="kecamatan-map"
        data-map-mode={background ?? 'loading'}
        data-points={points.filter((p) => p.lat !== null).length}
      />
      <p className="muted">
        {t('dashboard.kecamatanMap.note')}
        {background === 'plain' ? ` ${t('review.map.plain')}` : ''}
      </p>
      <table className="table stats-table" data-testid="kecamatan-table">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.kecamatanMap.kecamatan')}</th>
            <th scope="col">{t('dashboard.kecamatanMap.count')}</th>
            <th scope="col">{t('dashboard.kecamatanMap.located')}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.code} data-code={p.code}>
              <th scope="row">{p.name}</th>
              <td>{formatCount(p.count, lang)}</td>
              <td>{formatCount(p.located, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
