import L from 'leaflet';
import { blobTile, revokeAll, type TileDone } from '../map/blob-tile';

// Tiles fetched with fetch() and shown from blob: URLs. The app's CSP allows images only from itself, blob:
// and data: (index.html), while any http(s) may be fetched (connect-src, for the sync server). Loading tiles
// this way keeps the CSP closed to a configurable tile host, and a failed fetch surfaces as Leaflet's
// ordinary `tileerror`, on which the map falls back to its plain background.

export class FetchTileLayer extends L.TileLayer {
  private readonly urls = new Set<string>();

  override createTile(coords: L.Coords, done: TileDone): HTMLElement {
    const bytes = fetch(this.getTileUrl(coords), { credentials: 'omit', mode: 'cors' }).then((res) => {
      if (!res.ok) throw new Error(`tile ${res.status}`);
      return res.blob();
    });
    return blobTile(bytes, done, this.urls);
  }

  override onRemove(map: L.Map): this {
    super.onRemove(map);
    revokeAll(this.urls);
    return this;
  }
}
