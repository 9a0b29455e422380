import { leafletLayer } from 'protomaps-leaflet';
import type { Basemap } from '../../data/basemap/basemap';
import { blobTile, revokeAll, type TileDone } from './blob-tile';
import L from './leaflet-global';

// The one way every map in the app draws its background from the offline basemap (issue 12): Leaflet, with
// vector (MVT) archives drawn by protomaps-leaflet on canvas 2D — it needs no WebGL, which headless Chromium
// with --disable-gpu and many patrol laptops lack — and raster archives as images from blob: URLs. Both read
// through the device's copy of the archive (data/basemap), so what was downloaded or seen draws offline.

class ArchiveRasterLayer extends L.GridLayer {
  private readonly urls = new Set<string>();

  constructor(
    private readonly basemap: Basemap,
    options: L.GridLayerOptions,
  ) {
    super(options);
  }

  override createTile(coords: L.Coords, done: TileDone): HTMLElement {
    const type = `image/${this.basemap.info.tileType}`;
    const bytes = this.basemap.archive
      .getZxy(coords.z, coords.x, coords.y)
      .then((found) => (found ? new Blob([found.data], { type }) : null));
    return blobTile(bytes, done, this.urls);
  }

  override onRemove(map: L.Map): this {
    super.onRemove(map);
    revokeAll(this.urls);
    return this;
  }
}

/** The basemap as a Leaflet layer; labels in Indonesian (`name:id`) where the data has them. */
export function basemapLayer(basemap: Basemap, language: string): L.GridLayer {
  const { info } = basemap;
  const common = { minZoom: 0, maxZoom: 20, className: 'basemap-layer' };
  if (info.tileType === 'mvt') {
    return leafletLayer({
      ...common,
      url: basemap.archive,
      flavor: 'light',
      lang: language === 'en' ? 'en' : 'id',
      maxDataZoom: info.maxZoom,
      // The credit is shown as text under the map (Leaflet's attribution control renders HTML).
      attribution: '',
      // leafletLayer() is typed as its own class, which extends the global L.GridLayer.
    }) as unknown as L.GridLayer;
  }
  return new ArchiveRasterLayer(basemap, {
    ...common,
    minNativeZoom: info.minZoom,
    maxNativeZoom: info.maxZoom,
  });
}

export type MapBackground = 'basemap' | 'tiles' | 'plain';

/**
 * Puts the background under a map: the offline basemap when the server has one, else the configured tile
 * template (fetched, see case/fetch-tile-layer.ts), else nothing — a plain background the map says it shows.
 */
export function addBackground(
  map: L.Map,
  options: {
    basemap: Basemap | null;
    language: string;
    tileLayer?: (() => L.GridLayer | null) | undefined;
  },
): MapBackground {
  if (options.basemap) {
    basemapLayer(options.basemap, options.language).addTo(map);
    return 'basemap';
  }
  const tiles = options.tileLayer?.() ?? null;
  if (tiles) {
    tiles.addTo(map);
    return 'tiles';
  }
  return 'plain';
}
