import net from 'node:net';
import type { AddressInfo } from 'node:net';

// A TCP proxy for fault injection: it forwards to the target with added latency, and cuts connections at
// random points (mid-request or mid-response), from a seeded generator so a failing run can be replayed.
// Loopback only; every connection ends with the test.

export interface FaultOptions {
  /** Chance that a connection is cut, somewhere in its first `cutWithinBytes` bytes in either direction. */
  cutProbability: number;
  cutWithinBytes: number;
  latencyMs: number;
  seed: number;
}

export interface FaultProxy {
  url: string;
  stats: { connections: number; cut: number };
  setFaults(f: Partial<FaultOptions>): void;
  /** Point new connections at another server (e.g. the same server after a restart on a new port). */
  setTarget(url: string): void;
  close(): Promise<void>;
}

function rng(seed: number): () => number {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(targetUrl: string, options: FaultOptions): Promise<FaultProxy> {
  let target = new URL(targetUrl);
  let faults = { ...options };
  const random = rng(options.seed);
  const stats = { connections: 0, cut: 0 };
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    stats.connections++;
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    const cutAt = random() < faults.cutProbability ? Math.floor(random() * faults.cutWithinBytes) : Infinity;
    let moved = 0;
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    const pump = (from: net.Socket, to: net.Socket) => {
      from.on('data', (chunk: Buffer) => {
        moved += chunk.length;
        if (moved >= cutAt) {
          stats.cut++;
          // Deliver part of the chunk, then cut: the peer sees a truncated request or response.
          const keep = Math.max(0, chunk.length - (moved - cutAt));
          if (keep > 0) to.write(chunk.subarray(0, keep));
          setTimeout(kill, faults.latencyMs);
          return;
        }
        if (faults.latencyMs > 0) {
          from.pause();
          setTimeout(() => {
            if (!to.destroyed) to.write(chunk);
            from.resume();
          }, faults.latencyMs);
        } else {
          to.write(chunk);
        }
      });
      from.on('end', () => setTimeout(() => to.end(), faults.latencyMs));
      from.on('error', kill);
      from.on('close', () => {
        sockets.delete(from);
        setTimeout(() => to.destroy(), faults.latencyMs + 10);
      });
    };
    pump(client, upstream);
    pump(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setTarget: (url) => {
      target = new URL(url);
    },
    setFaults: (f) => {
      faults = { ...faults, ...f };
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
