import fs from 'node:fs/promises';
import { bytesToHeader, PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import type { BasemapInfo } from '../../domain/api';

// The offline basemap (issue 12): one PMTiles v3 archive given by the operator (TERTIB_BASEMAP), served to
// signed-in users as byte ranges (http/basemap-routes.ts). It is checked once at start, with the pmtiles
// library itself (the reader the app uses): the header, the root directory and the metadata must read, and
// every section the header names must lie inside the file. A file that is missing, truncated or not PMTiles
// is reported and no map is served; the server never stops for it.

export type BasemapState =
  | { kind: 'none' }
  | { kind: 'unusable'; file: string; problem: string }
  | { kind: 'ready'; file: string; info: BasemapInfo };

/** Reads a local file the way the pmtiles library reads a remote one. */
class LocalFileSource implements Source {
  constructor(
    private readonly handle: fs.FileHandle,
    private readonly key: string,
  ) {}

  getKey(): string {
    return this.key;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, offset);
    const data = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + bytesRead);
    return { data };
  }
}

const TILE_TYPES: Partial<Record<TileType, BasemapInfo['tileType']>> = {
  [TileType.Mvt]: 'mvt',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpeg',
  [TileType.Webp]: 'webp',
};

export async function openBasemap(file: string | null): Promise<BasemapState> {
  if (file === null) return { kind: 'none' };
  const unusable = (problem: string): BasemapState => ({ kind: 'unusable', file, problem });
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    return unusable(`cannot be opened (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return unusable('is not a file');
    const size = stat.size;
    const first = Buffer.alloc(127);
    await handle.read(first, 0, 127, 0);
    if (size < 127 || first.subarray(0, 7).toString('latin1') !== 'PMTiles') {
      return unusable('is not a PMTiles archive');
    }
    if (first[7] !== 3) return unusable(`is PMTiles version ${first[7]}, only version 3 is supported`);
    const header = bytesToHeader(first.buffer.slice(first.byteOffset, first.byteOffset + 127));
    const sections: Array<[string, number, number | undefined]> = [
      ['root directory', header.rootDirectoryOffset, header.rootDirectoryLength],
      ['metadata', header.jsonMetadataOffset, header.jsonMetadataLength],
      ['leaf directories', header.leafDirectoryOffset, header.leafDirectoryLength],
      ['tile data', header.tileDataOffset, header.tileDataLength],
    ];
    for (const [name, offset, length] of sections) {
      if (offset + (length ?? 0) > size)
        return unusable(`is truncated: its ${name} ends past the file's end`);
    }
    const archive = new PMTiles(new LocalFileSource(handle, file));
    await archive.getHeader();
    const tileType = TILE_TYPES[header.tileType];
    if (!tileType) return unusable(`holds tiles of a type the app cannot draw (${header.tileType})`);
    // Reads and decodes the root directory and the metadata: a damaged one fails here, not in the field.
    await archive.getZxy(header.minZoom, 0, 0);
    const metadata = (await archive.getMetadata()) as { attribution?: unknown } | null;
    const attribution =
      metadata && typeof metadata.attribution === 'string'
        ? metadata.attribution.replace(/<[^>]*>/g, '').slice(0, 200)
        : null;
    return {
      kind: 'ready',
      file,
      info: {
        tileType,
        minZoom: header.minZoom,
        maxZoom: header.maxZoom,
        bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
        size,
        version: `${size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}`,
        attribution,
      },
    };
  } catch (err) {
    return unusable(`cannot be read as PMTiles (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    await handle.close();
  }
}
