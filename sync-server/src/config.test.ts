import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('TERTIB_PUBLIC_MIN_COUNT', () => {
  it('defaults to 5 and takes a whole number from 1 to 1000', () => {
    expect(loadConfig({}).publicMinCount).toBe(5);
    expect(loadConfig({ TERTIB_PUBLIC_MIN_COUNT: '10' }).publicMinCount).toBe(10);
  });

  it.each(['0', '-1', '2.5', 'lima', '1001'])('refuses %s with a message naming the variable', (value) => {
    try {
      loadConfig({ TERTIB_PUBLIC_MIN_COUNT: value });
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.join(' ')).toMatch(/TERTIB_PUBLIC_MIN_COUNT/);
    }
  });
});
