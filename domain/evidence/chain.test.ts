import { describe, expect, it } from 'vitest';
import { type ChainedEvent, chainOrder, checkChain, latestEventHash } from './chain';

const R = 'r'.repeat(64);
const ev = (
  id: string,
  at: string,
  prev: string | null,
  extra: Partial<ChainedEvent> = {},
): ChainedEvent => ({
  id,
  hash: `h-${id}`,
  at: `2026-12-01T0${at}:00:00.000Z`,
  reportHash: R,
  prev,
  signed: true,
  ...extra,
});

// a ← b ← c, and d also follows a (another device acting offline on the same report: a fork).
const a = ev('a', '1', null);
const b = ev('b', '2', 'h-a');
const c = ev('c', '3', 'h-b');
const d = ev('d', '4', 'h-a');

describe('event chain', () => {
  it.each([
    ['a straight chain', [a, b, c], []],
    ['a fork: two events after the same one', [a, b, d, c], []],
    ['a fork listed with the branches interleaved', [a, d, b, c], []],
    ['no events', [], []],
    [
      'legacy unsigned events carry no links',
      [ev('x', '1', null, { signed: false, reportHash: undefined, prev: undefined }), a],
      [],
    ],
    ['a removed event', [a, c], [{ eventId: 'c', problem: 'missing-prev', prev: 'h-b' }]],
    ['two events swapped', [a, c, b], [{ eventId: 'c', problem: 'before-prev', prev: 'h-b' }]],
    [
      'an event of another report',
      [a, { ...b, reportHash: 'x'.repeat(64) }],
      [{ eventId: 'b', problem: 'other-report' }],
    ],
    [
      'an event that refers to itself',
      [a, { ...b, prev: 'h-b' }],
      [{ eventId: 'b', problem: 'before-prev', prev: 'h-b' }],
    ],
    [
      'a signed event without links',
      [a, { ...b, reportHash: undefined }],
      [{ eventId: 'b', problem: 'unlinked' }],
    ],
    [
      'an inserted event pointing nowhere',
      [a, ev('z', '2', 'h-nowhere'), b],
      [{ eventId: 'z', problem: 'missing-prev', prev: 'h-nowhere' }],
    ],
  ] as const)('%s', (_what, events, problems) => {
    expect(checkChain(R, events as readonly ChainedEvent[])).toEqual(problems);
  });

  it('names the latest known event as prev, deterministically on ties', () => {
    expect(latestEventHash([])).toBeNull();
    expect(latestEventHash([a, c, b])).toBe('h-c');
    const tie = ev('e', '3', 'h-b');
    expect(latestEventHash([c, tie])).toBe('h-e');
    expect(latestEventHash([tie, c])).toBe('h-e');
  });

  it('orders events so each comes after its prev, forks included', () => {
    // d's clock is behind: it says it happened before b, but it follows a, so it is listed after a.
    const early = ev('d', '0', 'h-a');
    const order = chainOrder([c, early, b, a]).map((e) => e.id);
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('d'));
    expect(order).toEqual(['a', 'd', 'b', 'c']);
    expect(checkChain(R, chainOrder([c, early, b, a]))).toEqual([]);
  });
});
