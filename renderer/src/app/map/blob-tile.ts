// A map tile shown from a blob: URL (the CSP allows images only from the app, blob: and data:). Shared by the
// fetched tile template (case/fetch-tile-layer.ts) and raster basemap archives (basemap-layer.ts).

export type TileDone = (error: Error | undefined, tile: HTMLElement) => void;

/** An <img> tile that shows `bytes` once they come (null: no tile there, left empty); `urls` collects the
 * blob: URLs for the layer to revoke when it is removed. */
export function blobTile(bytes: Promise<Blob | null>, done: TileDone, urls: Set<string>): HTMLElement {
  const tile = document.createElement('img');
  tile.alt = '';
  tile.setAttribute('role', 'presentation');
  bytes
    .then((blob) => {
      if (!blob) return done(undefined, tile);
      const url = URL.createObjectURL(blob);
      urls.add(url);
      tile.onload = () => done(undefined, tile);
      tile.onerror = () => done(new Error('tile image'), tile);
      tile.src = url;
    })
    .catch((err: unknown) => done(err instanceof Error ? err : new Error(String(err)), tile));
  return tile;
}

export function revokeAll(urls: Set<string>): void {
  for (const url of urls) URL.revokeObjectURL(url);
  urls.clear();
}
