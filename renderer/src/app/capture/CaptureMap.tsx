import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Location } from '../../../../domain/report';
import { useBasemap } from '../../data/basemap/use-basemap';
import { addFix } from '../case/CaseMap';
import { addBackground, type MapBackground } from '../map/basemap-layer';
import L from '../map/leaflet-global';
import { OfflineMapPanel } from '../map/OfflineMapPanel';
import '../case/case.css';

/** Decimal places of a point placed on the map at this zoom: about a pixel's worth, 4 to 6. */
export function placementDecimals(zoom: number): number {
  // A pixel at zoom z near the equator is ~156 543 / 2^z metres; a degree ~111 320 m.
  const degreesPerPixel = 156_543 / 2 ** zoom / 111_320;
  return Math.max(4, Math.min(6, Math.ceil(-Math.log10(degreesPerPixel))));
}

const MANUAL_ICON = L.divIcon({
  className: 'capture-map-manual',
  html: '<span aria-hidden="true"></span>',
  iconSize: [26, 26],
  iconAnchor: [13, 13],
});

/**
 * Under the fix on the capture screen: the device's point and accuracy circle on the basemap. In manual
 * mode the officer drags the red pin, or taps the place, to set the report's location; the device's fix stays
 * on the map (and goes into the report beside the manual point).
 */
export function CaptureMap({
  fix,
  manual,
  placing,
  onPlace,
}: {
  fix: Location | null;
  manual: { lat: number; lng: number } | null;
  /** Manual mode: a drag or a tap places the point. */
  placing: boolean;
  onPlace: (lat: string, lng: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const pin = useRef<L.Marker | null>(null);
  const fixLayer = useRef<L.LayerGroup | null>(null);
  const place = useRef(onPlace);
  const basemap = useBasemap();
  const [background, setBackground] = useState<MapBackground | null>(null);
  const ready = basemap.status !== 'loading';
  const archive = basemap.status === 'ready' ? basemap.basemap : null;
  const language = i18n.language;
  useEffect(() => {
    place.current = onPlace;
  });

  // The map and its background, once per basemap.
  useEffect(() => {
    const el = element.current;
    if (!el || !ready) return undefined;
    const map = L.map(el, { attributionControl: false, zoomControl: true, scrollWheelZoom: false });
    map.setView([-6.1754, 106.8272], 12);
    mapRef.current = map;
    setBackground(addBackground(map, { basemap: archive, language }));
    const placeAt = (at: L.LatLng) => {
      const decimals = placementDecimals(map.getZoom());
      place.current(at.lat.toFixed(decimals), at.lng.toFixed(decimals));
    };
    map.on('click', (event: L.LeafletMouseEvent) => {
      if (pin.current) placeAt(event.latlng);
    });
    const pinMarker = L.marker(map.getCenter(), {
      icon: MANUAL_ICON,
      draggable: true,
      keyboard: true,
      title: t('capture.map.pin'),
      alt: t('capture.map.pin'),
    });
    pinMarker.on('dragend', () => placeAt(pinMarker.getLatLng()));
    pin.current = null;
    (map as L.Map & { tertibPin?: L.Marker }).tertibPin = pinMarker;
    return () => {
      map.remove();
      mapRef.current = null;
      fixLayer.current = null;
      pin.current = null;
    };
  }, [ready, archive, language, t]);

  // The device's fix: point and circle, and the view on it while nothing was placed by hand.
  const fixKey = fix ? `${fix.lat},${fix.lng},${fix.accuracyM}` : '';
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    fixLayer.current?.remove();
    fixLayer.current = null;
    if (!fix) return;
    const group = L.layerGroup().addTo(map);
    addFix(group, fix, 'capture-map');
    fixLayer.current = group;
    if (!manual)
      map.fitBounds(L.latLng(fix.lat, fix.lng).toBounds(Math.max(fix.accuracyM, 20) * 3), { maxZoom: 18 });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the fix's values
  }, [fixKey, background]);

  // The manual pin: shown and draggable in manual mode, where the officer put it (or on the fix to start).
  const manualKey = manual ? `${manual.lat},${manual.lng}` : '';
  useEffect(() => {
    const map = mapRef.current as (L.Map & { tertibPin?: L.Marker }) | null;
    const marker = map?.tertibPin;
    if (!map || !marker) return;
    if (!placing) {
      marker.remove();
      pin.current = null;
      return;
    }
    const at = manual ?? (fix ? { lat: fix.lat, lng: fix.lng } : map.getCenter());
    marker.setLatLng([at.lat, at.lng]);
    if (!map.hasLayer(marker)) marker.addTo(map);
    pin.current = marker;
    if (!manual && fix) {
      // The pin starts on the fix, so the report's point is set even if the officer only nudges the map.
      const decimals = placementDecimals(map.getZoom());
      place.current(fix.lat.toFixed(decimals), fix.lng.toFixed(decimals));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the keys stand for the points' values
  }, [placing, manualKey, fixKey, background]);

  return (
    <div className="capture-map-wrap">
      <div
        ref={element}
        className={`case-map capture-map case-map-${background === 'basemap' ? 'tiles' : 'plain'}`}
        role="group"
        aria-label={t('capture.map.label')}
        data-testid="capture-map"
        data-map-mode={background ?? 'loading'}
      />
      {placing ? <p className="field-hint">{t('capture.map.placeHint')}</p> : null}
      {background === 'plain' ? <p className="muted case-map-note">{t('case.map.plain')}</p> : null}
      {background === 'basemap' && archive?.info.attribution ? (
        <p className="case-map-credit">{archive.info.attribution}</p>
      ) : null}
      {archive ? <OfflineMapPanel basemap={archive} /> : null}
    </div>
  );
}
