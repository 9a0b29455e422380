import { describe, expect, it } from 'vitest';
import {
  BadSyncRequest,
  docPath,
  isClientDocId,
  jsonDepth,
  parseBulkGet,
  parseOpenRevs,
  parseRevsDiff,
} from './request-shapes';

const deep = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

describe('document ids a client may name', () => {
  it.each(['01JABCDEF', 'photo:' + 'a'.repeat(64), 'receipt:x:ani', 'a.b', 'ünï'])('%s is fine', (id) => {
    expect(isClientDocId(id)).toBe(true);
  });
  it.each([
    ['', 'empty'],
    ['.', 'dot'],
    ['..', 'dot-dot'],
    ['_design/tertib', 'design document'],
    ['_all_docs', 'backend endpoint'],
    ['a\u0000b', 'NUL'],
    ['a\nb', 'newline'],
    ['x'.repeat(257), 'overlong'],
    [42, 'a number'],
    [null, 'null'],
  ])('%j is refused (%s)', (id, _why) => {
    expect(isClientDocId(id)).toBe(false);
  });
  it('escapes everything that could change a backend path', () => {
    expect(docPath('a/../b')).toBe('a%2F%2E%2E%2Fb');
    expect(docPath('a?b#c')).toBe('a%3Fb%23c');
  });
});

describe('JSON depth', () => {
  it('counts nesting without recursing, and stops early', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [{ b: 1 }] })).toBe(3);
    expect(jsonDepth(deep(100_000))).toBe(33); // stops counting just past the limit
  });
});

describe('request bodies', () => {
  const bad = (fn: () => unknown) => expect(fn).toThrow(BadSyncRequest);

  it('reads _bulk_get down to {id, rev}', () => {
    expect(parseBulkGet({ docs: [{ id: 'a', rev: '1-ab', extra: { x: 1 } }, { id: 'b' }] })).toEqual([
      { id: 'a', rev: '1-ab' },
      { id: 'b' },
    ]);
  });
  it.each([
    [{}],
    [null],
    [[]],
    [{ docs: {} }],
    [{ docs: [1] }],
    [{ docs: [{}] }],
    [{ docs: [{ id: '' }] }],
    [{ docs: [{ id: 'a', rev: 'x' }] }],
    [{ docs: Array.from({ length: 1001 }, (_, i) => ({ id: String(i) })) }],
  ])('refuses _bulk_get %j', (body) => bad(() => parseBulkGet(body)));

  it('reads _revs_diff', () => {
    expect([...parseRevsDiff({ a: ['1-ab', '2-cd'] })]).toEqual([['a', ['1-ab', '2-cd']]]);
  });
  it.each([[[]], [null], [{ a: 'x' }], [{ a: ['x'] }], [{ a: [{}] }]])('refuses _revs_diff %j', (body) =>
    bad(() => parseRevsDiff(body)),
  );

  it('takes a "__proto__" key as the plain id it is, polluting nothing', () => {
    const parsed = parseRevsDiff(JSON.parse('{"__proto__": ["1-a"]}'));
    expect(parsed.get('__proto__')).toEqual(['1-a']);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it.each([
    ['all', 'all'],
    ['["1-ab"]', ['1-ab']],
  ])('reads open_revs=%s', (raw, expected) => expect(parseOpenRevs(raw)).toEqual(expected));
  it.each(['x', '', '[]', '{}', '["x"]', '[1]', undefined, ['all']])('refuses open_revs=%j', (raw) =>
    bad(() => parseOpenRevs(raw)),
  );
});
