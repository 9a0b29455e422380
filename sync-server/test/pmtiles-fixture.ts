import { zxyToTileId } from 'pmtiles';

// Small PMTiles v3 archives and Mapbox Vector Tiles made in the tests themselves (issue 12: no download),
// written by the spec (github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md, and the MVT 2.1 spec): a
// 127-byte header, one root directory (no leaves), the JSON metadata, then the tiles. Nothing is compressed
// (internal and tile compression 1 = none), which the format allows and the pmtiles reader handles.

export interface TileBytes {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

export interface ArchiveOptions {
  tileType: 'mvt' | 'png';
  minZoom: number;
  maxZoom: number;
  /** west, south, east, north */
  bounds: [number, number, number, number];
  metadata?: Record<string, unknown>;
}

function varint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function directory(entries: Array<{ tileId: number; offset: number; length: number }>): Buffer {
  const out: number[] = [];
  varint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    varint(out, e.tileId - last);
    last = e.tileId;
  }
  for (let i = 0; i < entries.length; i++) varint(out, 1);
  for (const e of entries) varint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    varint(out, prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Buffer.from(out);
}

export function writePmtiles(tiles: TileBytes[], opts: ArchiveOptions): Buffer {
  const sorted = tiles
    .map((t) => ({ tileId: zxyToTileId(t.z, t.x, t.y), data: t.data }))
    .sort((a, b) => a.tileId - b.tileId);
  let offset = 0;
  const entries = sorted.map((t) => {
    const entry = { tileId: t.tileId, offset, length: t.data.length };
    offset += t.data.length;
    return entry;
  });
  const root = directory(entries);
  const metadata = Buffer.from(JSON.stringify(opts.metadata ?? {}));
  const tileData = Buffer.concat(sorted.map((t) => Buffer.from(t.data)));
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const rootOffset = 127;
  const metadataOffset = rootOffset + root.length;
  const leafOffset = metadataOffset + metadata.length;
  const dataOffset = leafOffset;
  const u64 = (at: number, v: number) => header.writeBigUInt64LE(BigInt(v), at);
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, leafOffset);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, tileData.length);
  u64(72, sorted.length);
  u64(80, sorted.length);
  u64(88, sorted.length);
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(1, 97); // internal compression: none
  header.writeUInt8(1, 98); // tile compression: none
  header.writeUInt8(opts.tileType === 'mvt' ? 1 : 2, 99);
  header.writeUInt8(opts.minZoom, 100);
  header.writeUInt8(opts.maxZoom, 101);
  const [w, s, e, n] = opts.bounds;
  const e7 = (v: number) => Math.round(v * 1e7);
  header.writeInt32LE(e7(w), 102);
  header.writeInt32LE(e7(s), 106);
  header.writeInt32LE(e7(e), 110);
  header.writeInt32LE(e7(n), 114);
  header.writeUInt8(opts.minZoom, 118);
  header.writeInt32LE(e7((w + e) / 2), 119);
  header.writeInt32LE(e7((s + n) / 2), 123);
  return Buffer.concat([header, root, metadata, tileData]);
}

/** Tile x/y at zoom z that contain lng/lat (Web Mercator, the scheme PMTiles and Leaflet use). */
export function tileOf(lng: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { x, y };
}

// ---- Mapbox Vector Tile (protobuf), enough for polygons with string properties ----

function field(out: number[], tag: number, wire: number): void {
  varint(out, (tag << 3) | wire);
}

function bytesField(out: number[], tag: number, bytes: number[] | Uint8Array): void {
  field(out, tag, 2);
  varint(out, bytes.length);
  for (const b of bytes) out.push(b);
}

const zigzag = (n: number) => (n << 1) ^ (n >> 31);

export interface MvtPolygon {
  /** One ring in tile coordinates (0…4096), clockwise on screen (y down), not closed. */
  ring: Array<[number, number]>;
  properties?: Record<string, string>;
}

/** A vector tile whose layers each hold polygons (e.g. Protomaps' `earth` and `water`). */
export function encodeMvt(layers: Record<string, MvtPolygon[]>): Uint8Array {
  const tile: number[] = [];
  for (const [name, features] of Object.entries(layers)) {
    const keys: string[] = [];
    const values: string[] = [];
    const layer: number[] = [];
    field(layer, 15, 0);
    varint(layer, 2);
    bytesField(layer, 1, Buffer.from(name));
    features.forEach((feature, i) => {
      const tags: number[] = [];
      for (const [k, v] of Object.entries(feature.properties ?? {})) {
        if (!keys.includes(k)) keys.push(k);
        if (!values.includes(v)) values.push(v);
        varint(tags, keys.indexOf(k));
        varint(tags, values.indexOf(v));
      }
      const geometry: number[] = [];
      let cx = 0;
      let cy = 0;
      feature.ring.forEach(([x, y], j) => {
        if (j === 0) varint(geometry, (1 << 3) | 1);
        if (j === 1) varint(geometry, ((feature.ring.length - 1) << 3) | 2);
        varint(geometry, zigzag(x - cx));
        varint(geometry, zigzag(y - cy));
        cx = x;
        cy = y;
      });
      varint(geometry, (1 << 3) | 7);
      const f: number[] = [];
      field(f, 1, 0);
      varint(f, i + 1);
      if (tags.length) bytesField(f, 2, tags);
      field(f, 3, 0);
      varint(f, 3); // POLYGON
      bytesField(f, 4, geometry);
      bytesField(layer, 2, f);
    });
    for (const k of keys) bytesField(layer, 3, Buffer.from(k));
    for (const v of values) {
      const value: number[] = [];
      bytesField(value, 1, Buffer.from(v));
      bytesField(layer, 4, value);
    }
    field(layer, 5, 0);
    varint(layer, 4096);
    bytesField(tile, 3, layer);
  }
  return Uint8Array.from(tile);
}
