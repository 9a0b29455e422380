import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';

// Expected texts from RFC 8785 (sections 3.2.2, 3.2.3 and appendix B) and from what ECMAScript prints.
describe('RFC 8785 canonical form', () => {
  it.each([
    ['keys sorted', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    [
      'nested keys sorted, arrays kept in order',
      { z: [3, { y: 1, x: 2 }], a: null },
      '{"a":null,"z":[3,{"x":2,"y":1}]}',
    ],
    // By UTF-16 code units, not code points nor locale: \r (0x0D) < 1 (0x31) < ö (0xF6) < € (0x20AC) <
    // 😀 (whose high surrogate is 0xD83D).
    [
      'keys by UTF-16 code units',
      { '😀': 1, '€': 2, '1': 3, '\r': 4, ö: 5 },
      '{"\\r":4,"1":3,"ö":5,"€":2,"😀":1}',
    ],
    ['upper case before lower case', { b: 1, B: 2, a: 3, A: 4 }, '{"A":4,"B":2,"a":3,"b":1}'],
    ['no white space', { a: [1, 2], b: { c: 'd e' } }, '{"a":[1,2],"b":{"c":"d e"}}'],
  ])('%s', (_what, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([
    ['integer', 10, '10'],
    ['negative zero', -0, '0'],
    ['exponent form for large', 1e21, '1e+21'],
    ['plain for 1e20', 1e20, '100000000000000000000'],
    ['small fraction', 0.000001, '0.000001'],
    ['exponent form for small', 1e-7, '1e-7'],
    ['shortest round trip', 0.1 + 0.2, '0.30000000000000004'],
    ['a GPS coordinate', -6.175392, '-6.175392'],
    ['max safe integer', 9007199254740991, '9007199254740991'],
    ['RFC 8785 sample', Number('333333333.33333329'), '333333333.3333333'],
    ['RFC 8785 sample 2', 4.5e-16, '4.5e-16'],
  ])('number: %s', (_what, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([
    ['non-ASCII kept as is', 'Jl. Kebon Sirih – Pasar Baru, Ø', '"Jl. Kebon Sirih – Pasar Baru, Ø"'],
    ['emoji kept as is', '😀', '"😀"'],
    [
      'control characters escaped, short forms preferred',
      '\u0000\b\t\n\f\r\u001f',
      '"\\u0000\\b\\t\\n\\f\\r\\u001f"',
    ],
    ['quote and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['slash not escaped', 'a/b', '"a/b"'],
    ['U+2028 not escaped', '\u2028', '"\u2028"'],
  ])('string: %s', (_what, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('RFC 8785 appendix B example', () => {
    const value = {
      numbers: [Number('333333333.33333329'), 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
      string: '\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/',
      literals: [null, true, false],
    };
    expect(canonicalJson(value)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['a lone surrogate', '\ud800'],
  ])('refuses %s', (_what, value) => {
    expect(() => canonicalJson(value)).toThrow();
  });

  it('drops undefined members as JSON does, and the same object always gives the same text', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    const a = { description: 'PKL di trotoar', location: { lng: 106.8, lat: -6.2 } };
    const b = { location: { lat: -6.2, lng: 106.8 }, description: 'PKL di trotoar' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });
});
