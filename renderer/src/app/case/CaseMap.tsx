import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Location } from '../../../../domain/report';
import { FetchTileLayer } from './fetch-tile-layer';

type Mode = 'tiles' | 'plain' | 'tiles-failed';

/**
 * The report's fix on a Leaflet map: the point (a circleMarker, so no marker images are needed) and its
 * accuracy circle. Tiles come from the server's configured template; with none, or when they fail to load
 * (no internet in the field), the map shows the same point and circle on a plain background with a short
 * note — never a grey map of broken tiles.
 */
export function CaseMap({
  location,
  tileUrl,
  attribution,
}: {
  location: Location;
  tileUrl: string | null;
  attribution: string | null;
}) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  // The tile template that failed to load here, if any (a new template gets a new chance).
  const [failed, setFailed] = useState<string | null>(null);
  const mode: Mode = tileUrl === null ? 'plain' : failed === tileUrl ? 'tiles-failed' : 'tiles';
  const { lat, lng, accuracyM } = location;

  useEffect(() => {
    const el = element.current;
    if (!el) return undefined;
    // Leaflet's own attribution control renders HTML; the credit is shown below as text instead.
    const map = L.map(el, { attributionControl: false, zoomControl: true, scrollWheelZoom: false });
    // The view first: a circle can measure its bounds only on a map that has one.
    const radius = Math.max(accuracyM, 1);
    map.fitBounds(L.latLng(lat, lng).toBounds(radius * 2), { maxZoom: 18, padding: [24, 24] });
    L.circle([lat, lng], {
      radius,
      color: '#1d4ed8',
      weight: 1,
      fillOpacity: 0.15,
      interactive: false,
      className: 'case-map-accuracy',
    }).addTo(map);
    L.circleMarker([lat, lng], {
      radius: 7,
      color: '#fff',
      weight: 2,
      fillColor: '#b91c1c',
      fillOpacity: 1,
      className: 'case-map-point',
    }).addTo(map);
    if (tileUrl) {
      const layer = new FetchTileLayer(tileUrl, { maxZoom: 19 });
      layer.on('tileerror', () => {
        // One failed tile means the tile host is out of reach here: drop the layer rather than show holes.
        if (map.hasLayer(layer)) map.removeLayer(layer);
        setFailed(tileUrl);
      });
      layer.addTo(map);
    }
    return () => {
      map.remove();
    };
  }, [lat, lng, accuracyM, tileUrl]);

  return (
    <div className="case-map-wrap">
      <div
        ref={element}
        className={`case-map case-map-${mode === 'tiles' ? 'tiles' : 'plain'}`}
        role="group"
        aria-label={t('case.map.label')}
        data-testid="case-map"
        data-map-mode={mode}
      />
      {mode === 'plain' ? <p className="muted case-map-note">{t('case.map.plain')}</p> : null}
      {mode === 'tiles-failed' ? (
        <p className="muted case-map-note" data-testid="map-tiles-failed">
          {t('case.map.tilesFailed')}
        </p>
      ) : null}
      {mode === 'tiles' && attribution ? <p className="case-map-credit">{attribution}</p> : null}
    </div>
  );
}
