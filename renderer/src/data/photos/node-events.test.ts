import { describe, expect, it } from 'vitest';
import EventEmitter from './node-events';

describe('the EventEmitter shim for PouchDB', () => {
  it('works as a base class and as a function constructor (`EventEmitter.call(this)`)', () => {
    class Sub extends EventEmitter {}
    const a = new Sub();
    function Legacy(this: { _events: unknown }) {
      EventEmitter.call(this as never);
    }
    Legacy.prototype = Object.create(EventEmitter.prototype);
    const b = new (Legacy as unknown as new () => InstanceType<typeof EventEmitter>)();
    for (const e of [a, b]) {
      const seen: unknown[] = [];
      e.on('x', (v) => seen.push(v));
      expect(e.emit('x', 1)).toBe(true);
      expect(seen).toEqual([1]);
    }
  });

  it('exposes its methods as enumerable prototype keys (PouchDB copies them onto its constructor)', () => {
    expect(Object.keys(EventEmitter.prototype)).toEqual(
      expect.arrayContaining(['on', 'once', 'emit', 'removeListener', 'removeAllListeners', 'listeners']),
    );
  });

  it('handles once, removal by the original listener, counts and removeAll', () => {
    const e = new EventEmitter();
    const calls: string[] = [];
    const once = () => calls.push('once');
    const on = () => calls.push('on');
    e.once('a', once);
    e.on('a', on);
    expect(e.listeners('a')).toEqual([once, on]);
    expect(EventEmitter.listenerCount(e, 'a')).toBe(2);
    e.emit('a');
    e.emit('a');
    expect(calls).toEqual(['once', 'on', 'on']);
    e.once('b', once);
    e.removeListener('b', once);
    expect(e.emit('b')).toBe(false);
    e.on('c', on);
    e.removeAllListeners();
    expect(e.listenerCount('a') + e.listenerCount('c')).toBe(0);
  });

  it('lets a listener remove itself during emit without skipping the next one', () => {
    const e = new EventEmitter();
    const calls: number[] = [];
    const first = () => {
      calls.push(1);
      e.removeListener('x', first);
    };
    e.on('x', first);
    e.on('x', () => calls.push(2));
    e.emit('x');
    expect(calls).toEqual([1, 2]);
  });

  it("throws an unhandled 'error' event, as Node does", () => {
    const e = new EventEmitter();
    expect(() => e.emit('error', new Error('boom'))).toThrow('boom');
    e.on('error', () => undefined);
    expect(e.emit('error', new Error('boom'))).toBe(true);
  });
});
