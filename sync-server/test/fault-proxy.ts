import net from 'node:net';
import type { AddressInfo } from 'node:net';

// A TCP proxy for fault injection and link shaping: it forwards to the target, cuts connections at random
// points (mid-request or mid-response) from a seeded generator so a failing run can be replayed, and can
// shape the traffic like a field link — a bandwidth per direction shared by all connections, plus a
// round-trip time (issue 10: benches and tests on `3g` as well as loopback). Loopback only; every
// connection ends with the test.
//
// The link model is deliberately simple: each direction is one serial pipe (a byte occupies it for
// 8/bits-per-second seconds, queued behind everything sent before it in that direction) followed by a fixed
// one-way delay of RTT/2; a new connection pays one more RTT for its TCP handshake before the client's
// first byte. No slow start, no loss: the figures it gives are a floor a real link only adds to.

export interface LinkProfile {
  name: string;
  /** Server → client, bits per second (Infinity: unlimited). */
  downBitsPerSecond: number;
  /** Client → server, bits per second. */
  upBitsPerSecond: number;
  rttMs: number;
}

export const LINK_PROFILES = {
  loopback: { name: 'loopback', downBitsPerSecond: Infinity, upBitsPerSecond: Infinity, rttMs: 0 },
  '4g': { name: '4g', downBitsPerSecond: 10e6, upBitsPerSecond: 5e6, rttMs: 60 },
  '3g': { name: '3g', downBitsPerSecond: 1.5e6, upBitsPerSecond: 0.75e6, rttMs: 300 },
} as const satisfies Record<string, LinkProfile>;

export type LinkName = keyof typeof LINK_PROFILES;

/** The shortest time `upBytes` and `downBytes` can take on `link`: each direction's bytes at its rate, plus one RTT. */
export function floorMs(link: LinkProfile, upBytes: number, downBytes: number): number {
  const at = (bytes: number, bps: number) => (Number.isFinite(bps) ? (bytes * 8 * 1000) / bps : 0);
  return at(upBytes, link.upBitsPerSecond) + at(downBytes, link.downBitsPerSecond) + link.rttMs;
}

/**
 * One direction of a link: a serial pipe of `bitsPerSecond` and a one-way delay. `schedule` says when
 * (on the caller's clock, in ms) the last byte of a chunk sent at `now` arrives at the far end. Pure and
 * clock-free, so the bytes/time arithmetic is tested without waiting (fault-proxy.test.ts).
 */
export class LinkDirection {
  private freeAt = -Infinity;

  constructor(
    private readonly bitsPerSecond: number,
    private readonly oneWayMs: number,
  ) {}

  schedule(bytes: number, now: number): number {
    const start = Math.max(now, this.freeAt);
    const serialization = Number.isFinite(this.bitsPerSecond) ? (bytes * 8 * 1000) / this.bitsPerSecond : 0;
    this.freeAt = start + serialization;
    return this.freeAt + this.oneWayMs;
  }

  /** How long, from `now`, the pipe stays busy with what is already queued. */
  backlogMs(now: number): number {
    return Math.max(0, this.freeAt - now);
  }
}

export interface FaultOptions {
  /** Chance that a connection is cut, somewhere in its first `cutWithinBytes` bytes in either direction. */
  cutProbability: number;
  cutWithinBytes: number;
  /** Without a `link`: each chunk waits this long before it is forwarded (the source paused meanwhile). */
  latencyMs: number;
  seed: number;
  /** Shape the traffic like this link (bandwidth per direction, RTT); `latencyMs` is then not used. */
  link?: LinkProfile;
}

export interface ProxyStats {
  connections: number;
  cut: number;
  /** Bytes that crossed client → server and server → client (what a metered link would bill). */
  bytesUp: number;
  bytesDown: number;
}

export interface FaultProxy {
  url: string;
  stats: ProxyStats;
  setFaults(f: Partial<FaultOptions>): void;
  /** Point new connections at another server (e.g. the same server after a restart on a new port). */
  setTarget(url: string): void;
  /** Cut every open connection now (e.g. with setTarget at a closed port: the backend has gone away). */
  dropConnections(): void;
  /** Zero the byte counters (connections and cuts too), e.g. between a warm-up and a measurement. */
  resetStats(): void;
  close(): Promise<void>;
}

export function rng(seed: number): () => number {
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

/** Chunks are split to this size on a shaped link, so a large write trickles out rather than landing at once. */
const SLICE_BYTES = 16 * 1024;
/** A shaped connection stops reading its source while more than this of its own is queued (bounded memory). */
const MAX_BACKLOG_MS = 250;

interface Shaped {
  up: LinkDirection;
  down: LinkDirection;
  rttMs: number;
}

function shapedLink(link: LinkProfile | undefined): Shaped | null {
  if (
    !link ||
    (link.rttMs === 0 && !Number.isFinite(link.upBitsPerSecond) && !Number.isFinite(link.downBitsPerSecond))
  )
    return null;
  return {
    up: new LinkDirection(link.upBitsPerSecond, link.rttMs / 2),
    down: new LinkDirection(link.downBitsPerSecond, link.rttMs / 2),
    rttMs: link.rttMs,
  };
}

export async function startFaultProxy(targetUrl: string, options: FaultOptions): Promise<FaultProxy> {
  let target = new URL(targetUrl);
  let faults = { ...options };
  let shaped = shapedLink(options.link);
  const random = rng(options.seed);
  const stats: ProxyStats = { connections: 0, cut: 0, bytesUp: 0, bytesDown: 0 };
  const sockets = new Set<net.Socket>();
  const now = () => performance.now();

  const server = net.createServer((client) => {
    stats.connections++;
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    const cutAt = random() < faults.cutProbability ? Math.floor(random() * faults.cutWithinBytes) : Infinity;
    const link = shaped;
    // The TCP handshake: the client's first byte leaves one round trip after it connected.
    const openedAt = now() + (link?.rttMs ?? 0);
    let moved = 0;
    let isCut = false;
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    const pump = (from: net.Socket, to: net.Socket, up: boolean) => {
      const count = (n: number) => {
        if (up) stats.bytesUp += n;
        else stats.bytesDown += n;
      };
      const direction = link ? (up ? link.up : link.down) : null;
      /** When this direction's last scheduled byte arrives. */
      let lastArrival = now();
      // On a shaped link everything this direction delivers — data, then `end` or `close` — goes through one
      // FIFO driven by one timer, so nothing overtakes what was sent before it (separate timers aimed at the
      // same millisecond may fire in either order: a FIN then overtook the last bytes of a response).
      const queue: Array<{ at: number; run: () => void }> = [];
      let timer: NodeJS.Timeout | null = null;
      const drain = () => {
        timer = null;
        while (queue.length > 0 && queue[0]!.at <= now()) queue.shift()!.run();
        if (queue.length > 0) timer = setTimeout(drain, Math.max(0, queue[0]!.at - now()));
      };
      const enqueue = (at: number, run: () => void) => {
        lastArrival = Math.max(lastArrival, at);
        queue.push({ at: lastArrival, run });
        timer ??= setTimeout(drain, Math.max(0, lastArrival - now()));
      };
      const send = (chunk: Buffer) => {
        if (!direction) {
          count(chunk.length);
          if (!to.destroyed) to.write(chunk);
          return;
        }
        for (let off = 0; off < chunk.length; off += SLICE_BYTES) {
          const slice = chunk.subarray(off, off + SLICE_BYTES);
          enqueue(direction.schedule(slice.length, Math.max(now(), up ? openedAt : 0)), () => {
            count(slice.length);
            if (!to.destroyed) to.write(slice);
            // Resume on this connection's own queue, not the shared pipe's: another connection keeping the
            // pipe busy must not leave this one paused for good.
            if (!isCut && from.isPaused() && lastArrival - now() < MAX_BACKLOG_MS) from.resume();
          });
        }
        if (lastArrival - now() >= MAX_BACKLOG_MS) from.pause();
      };
      /** Runs `fn` after everything sent before it arrived (shaped), or after the fixed latency (unshaped). */
      const afterLast = (fn: () => void, extraMs = 0) => {
        if (direction) enqueue(lastArrival, fn);
        else setTimeout(fn, faults.latencyMs + extraMs);
      };
      from.on('data', (chunk: Buffer) => {
        if (isCut) return;
        moved += chunk.length;
        if (moved >= cutAt) {
          isCut = true;
          stats.cut++;
          // Deliver part of the chunk, then cut: the peer sees a truncated request or response.
          const keep = Math.max(0, chunk.length - (moved - cutAt));
          from.pause();
          if (keep > 0) send(chunk.subarray(0, keep));
          afterLast(kill);
          return;
        }
        if (link) {
          send(chunk);
        } else if (faults.latencyMs > 0) {
          from.pause();
          setTimeout(() => {
            send(chunk);
            from.resume();
          }, faults.latencyMs);
        } else {
          send(chunk);
        }
      });
      from.on('end', () => afterLast(() => to.end()));
      from.on('error', kill);
      from.on('close', () => {
        sockets.delete(from);
        afterLast(() => to.destroy(), 10);
      });
    };
    pump(client, upstream, true);
    pump(upstream, client, false);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setTarget: (url) => {
      target = new URL(url);
    },
    dropConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    setFaults: (f) => {
      faults = { ...faults, ...f };
      if ('link' in f) shaped = shapedLink(f.link);
    },
    resetStats: () => {
      Object.assign(stats, { connections: 0, cut: 0, bytesUp: 0, bytesDown: 0 });
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
