import { encodeMvt, tileOf, writePmtiles } from '../../sync-server/test/pmtiles-fixture';

// A small vector basemap around a point, made here (no download): at each zoom the 5×5 tiles around it, each
// all `earth` with `water` over its lower half, in Protomaps' basemap layers, which the app's style paints
// (light flavour: earth #e2dfda, water #80deea, background #cccccc when a tile has no data).

export const EARTH = [0xe2, 0xdf, 0xda] as const;
export const WATER = [0x80, 0xde, 0xea] as const;

export function basemapAround(lng: number, lat: number, minZoom: number, maxZoom: number): Buffer {
  const tile = encodeMvt({
    earth: [
      {
        ring: [
          [-64, -64],
          [4160, -64],
          [4160, 4160],
          [-64, 4160],
        ],
      },
    ],
    water: [
      {
        ring: [
          [-64, 2048],
          [4160, 2048],
          [4160, 4160],
          [-64, 4160],
        ],
        properties: { kind: 'water' },
      },
    ],
  });
  const tiles = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    const c = tileOf(lng, lat, z);
    for (let dx = -2; dx <= 2; dx++)
      for (let dy = -2; dy <= 2; dy++) tiles.push({ z, x: c.x + dx, y: c.y + dy, data: tile });
  }
  return writePmtiles(tiles, {
    tileType: 'mvt',
    minZoom,
    maxZoom,
    bounds: [lng - 0.5, lat - 0.5, lng + 0.5, lat + 0.5],
    metadata: { attribution: '© Kontributor OpenStreetMap (uji)' },
  });
}
