import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePmtiles } from '../test/pmtiles-fixture';
import { openBasemap } from './basemap';

// What the server says at start about the file TERTIB_BASEMAP names: usable, or why not (never a throw).

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-basemap-unit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const good = writePmtiles(
  [
    { z: 0, x: 0, y: 0, data: Uint8Array.from([1, 2, 3]) },
    { z: 1, x: 1, y: 1, data: Uint8Array.from([4, 5, 6, 7]) },
  ],
  { tileType: 'mvt', minZoom: 0, maxZoom: 1, bounds: [106, -7, 107, -6] },
);

function file(name: string, bytes: Buffer | string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

describe('openBasemap', () => {
  it('is none when no file is configured', async () => {
    expect(await openBasemap(null)).toEqual({ kind: 'none' });
  });

  it('reads a good archive', async () => {
    const state = await openBasemap(file('good.pmtiles', good));
    expect(state).toMatchObject({
      kind: 'ready',
      info: { tileType: 'mvt', minZoom: 0, maxZoom: 1, bounds: [106, -7, 107, -6], size: good.length },
    });
  });

  const bad: Array<[string, () => string, RegExp]> = [
    ['a missing file', () => path.join(dir, 'nowhere.pmtiles'), /cannot be opened \(ENOENT\)/],
    ['a folder', () => dir, /is not a file/],
    ['an empty file', () => file('empty.pmtiles', ''), /is not a PMTiles archive/],
    [
      'an MBTiles (SQLite) file',
      () => file('x.mbtiles', 'SQLite format 3\0' + ' '.repeat(200)),
      /not a PMTiles/,
    ],
    [
      'PMTiles version 2',
      () => file('v2.pmtiles', Buffer.concat([Buffer.from('PMTiles'), Buffer.from([2]), Buffer.alloc(200)])),
      /version 2/,
    ],
    [
      'a cut-off archive',
      () => file('cut.pmtiles', good.subarray(0, good.length - 2)),
      /truncated: its tile data/,
    ],
    ['a header alone', () => file('head.pmtiles', good.subarray(0, 127)), /truncated: its root directory/],
    [
      'a damaged root directory',
      () => {
        const copy = Buffer.from(good);
        copy.fill(0xff, 127, 127 + 6);
        return file('dir.pmtiles', copy);
      },
      /cannot be read as PMTiles|truncated/,
    ],
  ];
  it.each(bad)('reports %s', async (_name, make, problem) => {
    const state = await openBasemap(make());
    expect(state.kind).toBe('unusable');
    expect(state.kind === 'unusable' ? state.problem : '').toMatch(problem);
  });
});
