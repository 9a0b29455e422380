import { describe, expect, it } from 'vitest';
import {
  customRange,
  formatCount,
  formatDay,
  formatDuration,
  formatShare,
  presetRange,
  todayWib,
} from './stats-format';
import { fixedDataKey } from '../../data/keys/fixed-key';
import { parseCachedStats, readCachedStats, statsCacheKey, writeCachedStats } from './stats-cache';
import { MemoryStore } from '../../platform/key-value-store';
import type { StatsResponse } from '../../../../domain/api';

describe('dashboard formats', () => {
  it('counts days in WIB', () => {
    expect(todayWib(Date.parse('2026-11-30T16:59:00.000Z'))).toBe('2026-11-30');
    expect(todayWib(Date.parse('2026-11-30T17:00:00.000Z'))).toBe('2026-12-01');
  });

  it('makes preset ranges that end today and include it', () => {
    const now = Date.parse('2026-03-10T03:00:00.000Z');
    expect(presetRange(7, now)).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(presetRange(30, now)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
  });

  it('accepts a custom range only when complete and in order', () => {
    expect(customRange('2026-03-01', '2026-03-05')).toEqual({ from: '2026-03-01', to: '2026-03-05' });
    expect(customRange('2026-03-05', '2026-03-01')).toBeNull();
    expect(customRange('', '2026-03-01')).toBeNull();
  });

  it('says durations in human units', () => {
    expect(formatDuration(45 * 60_000, 'id')).toBe('45 m');
    expect(formatDuration(135 * 60_000, 'id')).toBe('2 j 15 m');
    expect(formatDuration(120 * 60_000, 'en')).toBe('2 h');
    expect(formatDuration((3 * 24 + 4) * 3600_000, 'id')).toBe('3 hr 4 j');
    expect(formatDuration((3 * 24 + 4) * 3600_000 + 59_000, 'en')).toBe('3 d 4 h');
    expect(formatDuration(-5, 'id')).toBe('0 m');
  });

  it('formats counts, shares and days in the UI language', () => {
    expect(formatCount(5275, 'id')).toBe('5.275');
    expect(formatCount(5275, 'en')).toBe('5,275');
    expect(formatShare(0.9612)).toBe('96%');
    expect(formatDay('2026-12-01', 'en')).toBe('Dec 1, 2026');
  });
});

describe('stats cache', () => {
  const stats: StatsResponse = {
    ok: true,
    generatedAt: '2026-11-30T07:00:00.000Z',
    scope: { region: 'jakarta-pusat' },
    range: { from: '2026-11-01', to: '2026-11-30' },
    total: 3,
    resolved: 1,
    rejected: 0,
    shareResolved: 1 / 3,
    medianCloseMs: 60_000,
    byStatus: [{ key: 'selesai', count: 1 }],
    byCategory: [],
    byTeam: [],
    byDay: [],
    byKota: [],
    teams: [],
    officers: [],
  };

  it('keeps one response per server and user, sealed with their data key (issue 13)', async () => {
    const store = new MemoryStore();
    const key = await fixedDataKey('budi');
    await writeCachedStats(store, 'http://a', 'budi', key, stats);
    expect(await readCachedStats(store, 'http://a', 'budi', key)).toEqual(stats);
    expect(await readCachedStats(store, 'http://a', 'sari', key)).toBeNull();
    expect(await readCachedStats(store, 'http://b', 'budi', key)).toBeNull();
    // What is stored is not the figures; another user's key does not open it.
    const stored = store.getItem(statsCacheKey('http://a', 'budi')) ?? '';
    expect(stored.startsWith('sealed:')).toBe(true);
    expect(stored).not.toContain('selesai');
    expect(await readCachedStats(store, 'http://a', 'budi', await fixedDataKey('sari'))).toBeNull();
    // A plaintext copy from an older app is read once and sealed in its place.
    store.setItem(statsCacheKey('http://c', 'budi'), JSON.stringify(stats));
    expect(await readCachedStats(store, 'http://c', 'budi', key)).toEqual(stats);
    expect(store.getItem(statsCacheKey('http://c', 'budi'))).not.toContain('selesai');
    expect(statsCacheKey('http://a', 'budi')).toBe('tertib.stats:http://a:budi');
  });

  it('ignores what it does not understand', () => {
    expect(parseCachedStats('{')).toBeNull();
    expect(parseCachedStats('null')).toBeNull();
    expect(parseCachedStats(JSON.stringify({ ...stats, byDay: 'x' }))).toBeNull();
    expect(parseCachedStats(JSON.stringify({ ...stats, ok: false }))).toBeNull();
  });
});
