import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Location } from '../../../../domain/report';
import { useBasemap } from '../../data/basemap/use-basemap';
import { addBackground, type MapBackground } from '../map/basemap-layer';
import L from '../map/leaflet-global';
import { FetchTileLayer } from './fetch-tile-layer';

type Mode = MapBackground | 'tiles-failed';

/** The accuracy circle and point of a fix, in the case map's and the capture map's colours. */
export function addFix(target: L.Map | L.LayerGroup, fix: Location, className = 'case-map'): L.CircleMarker {
  L.circle([fix.lat, fix.lng], {
    radius: Math.max(fix.accuracyM, 1),
    color: '#1d4ed8',
    weight: 1,
    fillOpacity: 0.15,
    interactive: false,
    className: `${className}-accuracy`,
  }).addTo(target);
  return L.circleMarker([fix.lat, fix.lng], {
    radius: 7,
    color: '#fff',
    weight: 2,
    fillColor: '#b91c1c',
    fillOpacity: 1,
    className: `${className}-point`,
  }).addTo(target);
}

/**
 * The report's fix on a Leaflet map: the point (a circleMarker, so no marker images are needed) and its
 * accuracy circle; a manual location (the officer's correction) as a second, hollow point. The background is
 * the server's offline basemap when it has one, else its tile template; with neither, or when the template's
 * tiles fail to load (no internet in the field), the same point and circle on a plain background with a
 * short note — never a grey map of broken tiles.
 */
export function CaseMap({
  location,
  deviceFix,
  tileUrl,
  attribution,
}: {
  location: Location;
  /** The device's fix kept beside a manual location: then the fix is the point and circle, the location a ring. */
  deviceFix?: Location | undefined;
  tileUrl: string | null;
  attribution: string | null;
}) {
  const { t, i18n } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const basemap = useBasemap();
  const [background, setBackground] = useState<MapBackground | null>(null);
  // The tile template that failed to load here, if any (a new template gets a new chance).
  const [failed, setFailed] = useState<string | null>(null);
  // With a device fix beside it, the report's (manual) location is drawn as a ring over the fix's point.
  const fix = deviceFix ?? location;
  const { lat, lng, accuracyM, fixedAt, source } = fix;
  const manualLat = deviceFix ? location.lat : undefined;
  const manualLng = deviceFix ? location.lng : undefined;
  const ready = basemap.status !== 'loading';
  const archive = basemap.status === 'ready' ? basemap.basemap : null;
  const language = i18n.language;

  useEffect(() => {
    const el = element.current;
    if (!el || !ready) return undefined;
    // Leaflet's own attribution control renders HTML; the credit is shown below as text instead.
    const map = L.map(el, { attributionControl: false, zoomControl: true, scrollWheelZoom: false });
    // The view first: a circle can measure its bounds only on a map that has one.
    const radius = Math.max(accuracyM, 1);
    let view = L.latLng(lat, lng).toBounds(radius * 2);
    if (manualLat !== undefined && manualLng !== undefined) view = view.extend([manualLat, manualLng]);
    map.fitBounds(view, { maxZoom: 18, padding: [24, 24] });
    addFix(map, { lat, lng, accuracyM, fixedAt, source });
    if (manualLat !== undefined && manualLng !== undefined) {
      L.circleMarker([manualLat, manualLng], {
        radius: 9,
        color: '#b91c1c',
        weight: 4,
        fillColor: '#fff',
        fillOpacity: 0.6,
        className: 'case-map-manual',
      }).addTo(map);
    }
    const mode = addBackground(map, {
      basemap: archive,
      language,
      tileLayer: () => {
        if (!tileUrl) return null;
        const layer = new FetchTileLayer(tileUrl, { maxZoom: 19 });
        layer.on('tileerror', () => {
          // One failed tile means the tile host is out of reach here: drop the layer rather than show holes.
          if (map.hasLayer(layer)) map.removeLayer(layer);
          setFailed(tileUrl);
        });
        return layer;
      },
    });
    setBackground(mode);
    return () => {
      map.remove();
    };
  }, [ready, archive, language, lat, lng, accuracyM, fixedAt, source, manualLat, manualLng, tileUrl]);

  const mode: Mode | null = background === 'tiles' && failed === tileUrl ? 'tiles-failed' : background;
  const credit =
    mode === 'basemap' ? (archive?.info.attribution ?? null) : mode === 'tiles' ? attribution : null;
  return (
    <div className="case-map-wrap">
      <div
        ref={element}
        className={`case-map case-map-${mode === 'tiles' || mode === 'basemap' ? 'tiles' : 'plain'}`}
        role="group"
        aria-label={t('case.map.label')}
        data-testid="case-map"
        data-map-mode={mode ?? 'loading'}
      />
      {mode === 'plain' ? <p className="muted case-map-note">{t('case.map.plain')}</p> : null}
      {mode === 'tiles-failed' ? (
        <p className="muted case-map-note" data-testid="map-tiles-failed">
          {t('case.map.tilesFailed')}
        </p>
      ) : null}
      {credit ? <p className="case-map-credit">{credit}</p> : null}
    </div>
  );
}
