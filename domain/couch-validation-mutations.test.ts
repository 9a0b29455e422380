import { describe, expect, it } from 'vitest';
import { BUDI, json, report, SARI, sariEvent, viaCouch, viaGateway, type Doc } from './couch-test-harness';
import { EVENT_KINDS } from './report-events';
import { REPORT_ID } from './test-fixtures';
import type { CouchUserCtx } from './write-rules';

// Every field of every document type replaced by each hostile value: both sides must give the same answer,
// message for message.
const HOSTILE: unknown[] = [
  null,
  '',
  ' ',
  'x'.repeat(5000),
  -1,
  0,
  1.5,
  1e308,
  true,
  [],
  {},
  ['a'],
  { a: 1 },
  '__proto__',
  REPORT_ID,
];
const DELETE = Symbol('delete');

function mutations(base: Doc): Array<[string, Doc]> {
  const out: Array<[string, Doc]> = [];
  const walk = (value: unknown, path: string[]): void => {
    for (const h of [...HOSTILE, DELETE])
      out.push([`${path.join('.')} = ${String(h).slice(0, 12)}`, setAt(base, path, h)]);
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  for (const [k, v] of Object.entries(base)) walk(v, [k]);
  return out;
}

function setAt(doc: Doc, path: string[], value: unknown): Doc {
  const copy = json(doc);
  let target: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (value === DELETE) delete target[last];
  else target[last] = value;
  return copy;
}

describe('agreement under hostile mutations', () => {
  const bases: Array<[string, Doc, CouchUserCtx]> = [
    [
      'report',
      report({
        placeNote: 'pasar',
        area: {
          kelurahan: { code: '31.74.01.1001', name: 'a' },
          kecamatan: { code: '31.74.01', name: 'b' },
          kota: { code: '31.74', name: 'c' },
        },
      }),
      BUDI,
    ],
    [
      'closing event with after photos',
      sariEvent('status-changed', {
        from: 'dikerjakan',
        to: 'selesai',
        note: 'selesai',
        photos: [{ sha256: 'c'.repeat(64), bytes: 5000, width: 1600, height: 1200 }],
      }),
      SARI,
    ],
    ...EVENT_KINDS.map((k): [string, Doc, CouchUserCtx] => [
      k,
      sariEvent(k, k === 'submitted' ? { reportAuthor: 'sari' } : {}),
      SARI,
    ]),
  ];
  for (const [name, base, user] of bases) {
    it(`${name}: ${mutations(base).length} mutations`, () => {
      let denied = 0;
      for (const [label, doc] of mutations(base)) {
        const gateway = viaGateway(doc, null, user);
        if (!gateway.ok) denied += 1;
        expect(viaCouch(doc, null, user), label).toEqual(gateway);
      }
      expect(denied).toBeGreaterThan(mutations(base).length / 2);
      // photo-received is the server's alone, so even its valid form is refused to a supervisor.
      expect(viaGateway(base, null, user).ok).toBe(name !== 'photo-received');
    });
  }
});
