import L from 'leaflet';

// Tiles fetched with fetch() and shown from blob: URLs. The app's CSP allows images only from itself, blob:
// and data: (index.html), while any http(s) may be fetched (connect-src, for the sync server). Loading tiles
// this way keeps the CSP closed to a configurable tile host, and a failed fetch surfaces as Leaflet's
// ordinary `tileerror`, on which the map falls back to its plain background.

type Done = (error: Error | undefined, tile: HTMLElement) => void;

export class FetchTileLayer extends L.TileLayer {
  private readonly urls = new Set<string>();

  override createTile(coords: L.Coords, done: Done): HTMLElement {
    const tile = document.createElement('img');
    tile.alt = '';
    tile.setAttribute('role', 'presentation');
    const src = this.getTileUrl(coords);
    fetch(src, { credentials: 'omit', mode: 'cors' })
      .then((res) => {
        if (!res.ok) throw new Error(`tile ${res.status}`);
        return res.blob();
      })
      .then((blob) => {
        const url = URL.createObjectURL(blob);
        this.urls.add(url);
        tile.onload = () => done(undefined, tile);
        tile.onerror = () => done(new Error('tile image'), tile);
        tile.src = url;
      })
      .catch((err: unknown) => done(err instanceof Error ? err : new Error(String(err)), tile));
    return tile;
  }

  override onRemove(map: L.Map): this {
    super.onRemove(map);
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls.clear();
    return this;
  }
}
