import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_PROFILES, LinkDirection, floorMs, startFaultProxy, type LinkProfile } from './fault-proxy';

// The shaped link's arithmetic on an injected clock, and the proxy itself measured by the bytes it moved.
// Nothing here fails because the machine is slow: times are computed, or asserted only as lower bounds
// (a shaped link can never be faster than its schedule).

describe('LinkDirection (bytes and time, clock injected)', () => {
  it('takes bytes × 8 / rate plus the one-way delay, queued behind what went before', () => {
    const up = new LinkDirection(LINK_PROFILES['3g'].upBitsPerSecond, LINK_PROFILES['3g'].rttMs / 2);
    // 0.75 Mbit/s: 93 750 bytes occupy the pipe for exactly one second.
    expect(up.schedule(93_750, 0)).toBe(1000 + 150);
    // Sent at the same moment, the next chunk waits for the pipe.
    expect(up.schedule(93_750, 0)).toBe(2000 + 150);
    expect(up.backlogMs(500)).toBe(1500);
    // After the pipe went idle, a chunk starts when it is sent.
    expect(up.schedule(9_375, 5000)).toBe(5000 + 100 + 150);
    expect(up.backlogMs(6000)).toBe(0);
  });

  it('is free and instant on loopback', () => {
    const lo = new LinkDirection(Infinity, 0);
    expect(lo.schedule(10_000_000, 42)).toBe(42);
    expect(lo.schedule(10_000_000, 42)).toBe(42);
  });

  it('gives the profiles of the issue and their floor', () => {
    expect(LINK_PROFILES['4g']).toMatchObject({ downBitsPerSecond: 10e6, upBitsPerSecond: 5e6, rttMs: 60 });
    expect(LINK_PROFILES['3g']).toMatchObject({
      downBitsPerSecond: 1.5e6,
      upBitsPerSecond: 0.75e6,
      rttMs: 300,
    });
    // 1 MB up at 0.75 Mbit/s + 187.5 KB down at 1.5 Mbit/s + one RTT.
    expect(floorMs(LINK_PROFILES['3g'], 1_000_000, 187_500)).toBeCloseTo(10_666.67 + 1000 + 300, 1);
    expect(floorMs(LINK_PROFILES.loopback, 1e9, 1e9)).toBe(0);
  });
});

describe('the proxy on a shaped link', () => {
  let server: http.Server;
  let target: string;

  beforeAll(async () => {
    // Answers every request with as many bytes as `?n=` asks for, after reading the whole body.
    server = http.createServer((req, res) => {
      let got = 0;
      req.on('data', (c: Buffer) => (got += c.length));
      req.on('end', () => {
        const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 0);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-got': String(got) });
        res.end(Buffer.alloc(n, 7));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('moves every byte, counts them per direction, and is never faster than the link allows', async () => {
    const link: LinkProfile = { name: 'test', upBitsPerSecond: 8e6, downBitsPerSecond: 16e6, rttMs: 40 };
    const proxy = await startFaultProxy(target, {
      cutProbability: 0,
      cutWithinBytes: 0,
      latencyMs: 0,
      seed: 1,
      link,
    });
    try {
      const up = 300_000;
      const down = 600_000;
      const t0 = performance.now();
      const res = await fetch(`${proxy.url}/?n=${down}`, { method: 'POST', body: Buffer.alloc(up, 1) });
      const body = Buffer.from(await res.arrayBuffer());
      const elapsed = performance.now() - t0;
      expect(res.headers.get('x-got')).toBe(String(up));
      expect(body.length).toBe(down);
      // Headers cross too: a few hundred bytes each way, never less than the payloads.
      expect(proxy.stats.bytesUp).toBeGreaterThanOrEqual(up);
      expect(proxy.stats.bytesUp).toBeLessThan(up + 1000);
      expect(proxy.stats.bytesDown).toBeGreaterThanOrEqual(down);
      expect(proxy.stats.bytesDown).toBeLessThan(down + 1000);
      // Handshake RTT + request RTT + both payloads at their rates; a lower bound only (timers never fire early
      // by more than a millisecond or so).
      const floor = floorMs(link, up, down) + link.rttMs;
      expect(elapsed).toBeGreaterThanOrEqual(floor - 5);
    } finally {
      await proxy.close();
    }
  });

  it('shares one direction between connections, as a real link does, and stalls none of them', async () => {
    const link: LinkProfile = { name: 'test', upBitsPerSecond: 8e6, downBitsPerSecond: 8e6, rttMs: 20 };
    const proxy = await startFaultProxy(target, {
      cutProbability: 0,
      cutWithinBytes: 0,
      latencyMs: 0,
      seed: 1,
      link,
    });
    try {
      const each = 250_000;
      const t0 = performance.now();
      // Four uploads and four downloads at once: each connection is paused while its own bytes queue behind
      // the others' (a connection resumed only when the shared pipe ran dry once stalled for good).
      await Promise.all(
        [1, 2, 3, 4].flatMap(() => [
          fetch(`${proxy.url}/?n=${each}`).then((r) => r.arrayBuffer()),
          fetch(`${proxy.url}/?n=1`, { method: 'POST', body: Buffer.alloc(each, 2) }).then((r) =>
            r.arrayBuffer(),
          ),
        ]),
      );
      const elapsed = performance.now() - t0;
      expect(proxy.stats.bytesDown).toBeGreaterThanOrEqual(4 * each);
      expect(proxy.stats.bytesUp).toBeGreaterThanOrEqual(4 * each);
      // Four answers through one 8 Mbit/s pipe: at least 4 × 250 ms, not 250 ms each in parallel.
      expect(elapsed).toBeGreaterThanOrEqual(floorMs(link, 0, 4 * each) - 5);
    } finally {
      await proxy.close();
    }
  });

  it('still cuts connections, from its seed, on a shaped link', async () => {
    const proxy = await startFaultProxy(target, {
      cutProbability: 1,
      cutWithinBytes: 2000,
      latencyMs: 0,
      seed: 7,
      link: LINK_PROFILES['4g'],
    });
    try {
      const attempt = fetch(`${proxy.url}/?n=100000`).then((r) => r.arrayBuffer());
      await expect(attempt).rejects.toThrow();
      expect(proxy.stats.cut).toBe(1);
    } finally {
      await proxy.close();
    }
  });
});
