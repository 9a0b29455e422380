import { describe, expect, it } from 'vitest';
import { formatBytes } from './format';

describe('formatBytes', () => {
  it('uses the language decimal separator and decimal units', () => {
    expect(formatBytes(2_100_000, 'id')).toBe('2,1 MB');
    expect(formatBytes(2_100_000, 'en')).toBe('2.1 MB');
    expect(formatBytes(999, 'id')).toBe('999 B');
    expect(formatBytes(345_678, 'en')).toBe('345.7 kB');
    expect(formatBytes(3_200_000_000, 'en')).toBe('3.2 GB');
  });
  it('never prints nonsense for odd inputs', () => {
    for (const v of [-1, Number.NaN, Infinity]) expect(formatBytes(v, 'id')).toBe('0 B');
  });
});
