import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BAUD_RATE,
  GNSS_SILENCE_MS,
  GnssLink,
  gnssLocation,
  type GnssLinkState,
  type SerialLike,
  type SerialPortLike,
} from './gnss-link';
import { GNSS_STALE_MS } from './gnss-receiver';

// The serial link driven by a fake port over real WHATWG streams and a hand-moved clock: no test waits for
// wall-clock time; `settle()` only lets the read loop take what was queued.

function nmea(body: string): string {
  let cs = 0;
  for (const ch of body) cs ^= ch.charCodeAt(0);
  return `$${body}*${cs.toString(16).toUpperCase().padStart(2, '0')}\r\n`;
}
const GGA = nmea('GPGGA,031500.00,0610.5240,S,10649.6320,E,1,09,0.9,12.0,M,16.0,M,,');
const GGA_NOFIX = nmea('GPGGA,031502.00,,,,,0,00,99.9,,M,,M,,');
const GST = nmea('GPGST,031500.00,1.2,2.0,1.5,30.0,1.2,1.6,2.5');
const RMC = nmea('GPRMC,031500.00,A,0610.5240,S,10649.6320,E,0.0,0.0,061226,,,A');
const BAD = GGA.replace(/\*..\r\n$/, '*00\r\n');

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

function fakeSerial(options: { openFails?: boolean; cancel?: boolean } = {}) {
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  const listeners = new Set<() => void>();
  const calls = { openedAt: null as number | null, closed: 0 };
  const fresh = () =>
    new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
    });
  const port: SerialPortLike & { readable: ReadableStream<Uint8Array> | null } = {
    readable: null,
    async open({ baudRate }) {
      if (options.openFails) throw new DOMException('busy', 'InvalidStateError');
      calls.openedAt = baudRate;
      port.readable = fresh();
    },
    async close() {
      calls.closed++;
      port.readable = null;
    },
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
  };
  const serial: SerialLike = {
    requestPort: async () => {
      if (options.cancel) throw new DOMException('No port selected by the user.', 'NotFoundError');
      return port;
    },
  };
  return {
    serial,
    calls,
    send(text: string) {
      controller!.enqueue(new TextEncoder().encode(text));
    },
    sendBytes(bytes: number[]) {
      controller!.enqueue(new Uint8Array(bytes));
    },
    framingError() {
      const old = controller!;
      port.readable = fresh();
      old.error(new DOMException('framing', 'FramingError'));
    },
    unplug() {
      const old = controller!;
      port.readable = null;
      old.error(new DOMException('The device has been lost.', 'NetworkError'));
      for (const l of listeners) l();
    },
  };
}

function harness(options?: Parameters<typeof fakeSerial>[0]) {
  let now = 1_000_000;
  const link = new GnssLink(() => now);
  const seen: GnssLinkState['status'][] = [];
  link.subscribe((s) => {
    if (seen.at(-1) !== s.status) seen.push(s.status);
  });
  const fake = fakeSerial(options);
  return {
    link,
    fake,
    seen,
    advance(ms: number) {
      now += ms;
      return link.tick();
    },
    /** Once a second for `seconds` seconds, like a 1 Hz receiver: move the clock, send `each(i)`. */
    async everySecond(seconds: number, each: (i: number) => void) {
      for (let i = 0; i < seconds; i++) {
        now += 1_000;
        link.tick();
        each(i);
        await settle();
      }
    },
  };
}

describe('GnssLink', () => {
  it('connects at the chosen rate, waits, then gives a fix from lines cut across chunks', async () => {
    const h = harness();
    await h.link.connect(h.fake.serial, 4800);
    expect(h.fake.calls.openedAt).toBe(4800);
    expect(h.link.state()).toMatchObject({ status: 'waiting', baudRate: 4800, fix: null });
    const stream = `${GST}${GGA}${RMC}`;
    // Cut in the middle of a sentence, then in the middle of its checksum.
    for (const part of [
      stream.slice(0, 20),
      stream.slice(20, GST.length + 40),
      stream.slice(GST.length + 40, GST.length + GGA.length - 3),
      stream.slice(GST.length + GGA.length - 3),
    ]) {
      h.fake.send(part);
      await settle();
    }
    const state = h.link.state();
    expect(state.status).toBe('fix');
    expect(state.fix).toMatchObject({ satellites: 9, quality: 'fix', accuracyFrom: 'gst', accuracyM: 2 });
    expect(gnssLocation(state.fix!)).toMatchObject({ source: 'gnss', accuracyM: 2 });
    expect(gnssLocation(state.fix!).lat).toBeCloseTo(-6.1754, 4);
    expect(h.seen).toEqual(['connecting', 'waiting', 'fix']);
  });

  it('says stopped after silence, keeps the last fix with its age and never as current', async () => {
    const h = harness();
    await h.link.connect(h.fake.serial, DEFAULT_BAUD_RATE);
    h.fake.send(GGA);
    await settle();
    expect(h.advance(GNSS_SILENCE_MS).status).toBe('fix');
    const stopped = h.advance(1);
    expect(stopped).toMatchObject({ status: 'stopped', fix: null, lastAgeMs: GNSS_SILENCE_MS + 1 });
    expect(stopped.last?.lat).toBeCloseTo(-6.1754, 4);
    // Data again: a fresh fix is current again.
    h.fake.send(GGA);
    await settle();
    expect(h.link.state()).toMatchObject({ status: 'fix', lastAgeMs: 0 });
  });

  it('says stopped when a freshly opened port never sends a byte', async () => {
    const h = harness();
    await h.link.connect(h.fake.serial, DEFAULT_BAUD_RATE);
    expect(h.advance(GNSS_SILENCE_MS).status).toBe('waiting');
    expect(h.advance(1).status).toBe('stopped');
  });

  it('a cut first line is not garbage; only bad lines for a while are', async () => {
    const h = harness();
    await h.link.connect(h.fake.serial, DEFAULT_BAUD_RATE);
    h.fake.send(`${GGA.slice(25)}`);
    await settle();
    expect(h.link.state().status).toBe('waiting');
    await h.everySecond(4, () => {
      h.fake.send(BAD);
      h.fake.sendBytes([0xff, 0x00, 0xfe, 0x0a]);
    });
    expect(h.link.state()).toMatchObject({ status: 'garbage', fix: null });
    expect(h.link.state().badLines).toBeGreaterThan(4);
  });

  it('noise without line ends (a wrong baud rate) is garbage too, not an endless wait', async () => {
    const h = harness();
    await h.link.connect(h.fake.serial, DEFAULT_BAUD_RATE);
    await h.everySecond(4, (i) =>
      h.fake.sendBytes(Array.from({ length: 120 }, (_, k) => 0x80 + ((i * 7 + k) % 100))),
    );
    expect(h.link.state()).toMatchObject({ status: 'garbage', fix: null });
  });

  it('garbage after a fix: the fix stops being current once no valid line has come for a while', async () => {
    const h = harness();
    await h.link.connect(h.fake.serial, DEFAULT_BAUD_RATE);
    h.fake.send(GGA);
    await settle();
    await h.everySecond(4, () => h.fake.send(BAD));
    expect(h.link.state()).toMatchObject({ status: 'garbage', fix: null });
    expect(h.link.state().last).not.toBeNull();
  });

  it('a fix that is older than the stale limit is not current even while other sentences flow', async () => {
    const h = harness();
    await h.link.connect(h.fake.serial, DEFAULT_BAUD_RATE);
    h.fake.send(GGA);
    await settle();
    await h.everySecond(4, () => h.fake.send(GST));
    expect(h.link.state()).toMatchObject({ status: 'no-fix', fix: null, lastAgeMs: 4_000 });
    expect(GNSS_STALE_MS).toBeLessThan(4_000);
  });

  it('says no fix while the receiver reports none', async () => {
    const h = harness();
    await h.link.connect(h.fake.serial, DEFAULT_BAUD_RATE);
    h.fake.send(GGA_NOFIX);
    await settle();
    expect(h.link.state()).toMatchObject({ status: 'no-fix', fix: null, last: null });
  });

  it('reads on after a framing error (non-fatal), and says unplugged when the device is lost', async () => {
    const h = harness();
    await h.link.connect(h.fake.serial, DEFAULT_BAUD_RATE);
    h.fake.send(GGA);
    await settle();
    h.fake.framingError();
    await settle();
    h.fake.send(GGA);
    await settle();
    expect(h.link.state().status).toBe('fix');
    h.fake.unplug();
    await settle();
    const state = h.link.state();
    expect(state).toMatchObject({ status: 'unplugged', fix: null, baudRate: null });
    expect(state.last).not.toBeNull();
    expect(h.advance(10_000).lastAgeMs).toBe(10_000);
  });

  it('a closed picker goes back to idle; a port that will not open is failed; disconnect closes the port', async () => {
    const cancelled = harness({ cancel: true });
    await cancelled.link.connect(cancelled.fake.serial, DEFAULT_BAUD_RATE);
    expect(cancelled.link.state().status).toBe('idle');
    expect(cancelled.seen).toEqual(['connecting', 'idle']);

    const busy = harness({ openFails: true });
    await busy.link.connect(busy.fake.serial, DEFAULT_BAUD_RATE);
    expect(busy.link.state().status).toBe('failed');

    const h = harness();
    await h.link.connect(h.fake.serial, DEFAULT_BAUD_RATE);
    h.fake.send(GGA);
    await settle();
    await h.link.disconnect();
    await settle();
    expect(h.link.state()).toMatchObject({ status: 'idle', fix: null });
    expect(h.fake.calls.closed).toBe(1);
  });
});
