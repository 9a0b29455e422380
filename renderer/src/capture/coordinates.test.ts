import { describe, expect, it } from 'vitest';
import { manualAccuracyM, parseCoordinate } from './coordinates';

describe('parseCoordinate', () => {
  it.each([
    ['-6.2088', 'lat', -6.2088],
    ['  106.8456 ', 'lng', 106.8456],
    ['12,5', 'lat', 12.5],
    ['-6,175392', 'lat', -6.175392],
    ['+90', 'lat', 90],
    ['-90', 'lat', -90],
    ['180', 'lng', 180],
    ['-180.0', 'lng', -180],
    ['0', 'lat', 0],
    ['-0', 'lat', 0],
    ['\u22126.2', 'lat', -6.2],
  ] as const)('accepts %j as %s %d', (text, axis, value) => {
    const result = parseCoordinate(text, axis);
    expect(result).toMatchObject({ ok: true, value });
    expect(Object.is(result.ok && result.value, -0)).toBe(false);
  });

  it.each([
    ['', 'lat', 'empty'],
    ['   ', 'lng', 'empty'],
    ['abc', 'lat', 'format'],
    ['1e400', 'lat', 'format'],
    ['1e2', 'lat', 'format'],
    ['Infinity', 'lng', 'format'],
    ['NaN', 'lng', 'format'],
    ['0x10', 'lat', 'format'],
    ['12.', 'lat', 'format'],
    ['.5', 'lat', 'format'],
    ['1,000.5', 'lng', 'format'],
    ['12,5,1', 'lat', 'format'],
    ['--6', 'lat', 'format'],
    ['6.2 S', 'lat', 'format'],
    ['1234', 'lng', 'format'],
    ['-91', 'lat', 'range'],
    ['90.0001', 'lat', 'range'],
    ['180.5', 'lng', 'range'],
    ['-181', 'lng', 'range'],
  ] as const)('refuses %j as %s (%s)', (text, axis, problem) => {
    expect(parseCoordinate(text, axis)).toEqual({ ok: false, problem });
  });

  it('treats a decimal comma exactly like a decimal point', () => {
    expect(parseCoordinate('106,8', 'lng')).toEqual(parseCoordinate('106.8', 'lng'));
  });
});

describe('manualAccuracyM', () => {
  it('follows the precision of the less precise coordinate', () => {
    expect(manualAccuracyM(5, 6)).toBe(2);
    expect(manualAccuracyM(4, 4)).toBe(12);
    expect(manualAccuracyM(1, 6)).toBe(11132);
    expect(manualAccuracyM(9, 9)).toBe(1);
    expect(manualAccuracyM(0, 0)).toBe(100000);
  });
});
