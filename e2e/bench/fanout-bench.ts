import http from 'node:http';
import { reportDoc } from '../../sync-server/test/sync-fixtures';
import { median, quantile, scaled, type BenchSection } from './bench-types';
import { PASSWORD, startBenchServer, until, type BenchServer } from './bench-server';

// Live fan-out: supervisors each hold a longpoll on the gateway, exactly as RxDB's live pull does
// (`_changes?style=all_docs&feed=longpoll&since=now&include_docs=true&heartbeat=10000&limit=50`, re-issued
// with the answer's last_seq right after each answer). An officer then files a report every 200 ms through
// the gateway. For every report and every client: the time from the officer sending it to that client
// having the whole answer that carries it. 1 client and then N clients, on the same server.
//
// Each client has its own keep-alive http.Agent with one socket, like separate devices each with their own
// connection: the client side never queues a request behind another, so connections are not the bottleneck.

const INTERVAL_MS = 200;

export class LiveClient {
  readonly received = new Map<string, number>();
  private since = 'now';
  private stopped = false;
  private current: http.ClientRequest | null = null;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readyResolve: (() => void) | null = null;
  /** Resolves once the first longpoll is held by the gateway (it flushes headers before waiting). */
  readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
  private readonly loop: Promise<void>;
  errors = 0;

  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {
    this.loop = this.run();
  }

  private poll(): Promise<{ status: number; body: string }> {
    const qs = new URLSearchParams({
      style: 'all_docs',
      feed: 'longpoll',
      since: this.since,
      include_docs: 'true',
      heartbeat: '10000',
      limit: '50',
      seq_interval: '50',
    });
    return new Promise((resolve, reject) => {
      const req = http.get(
        `${this.base}/db/reports/_changes?${qs}`,
        { agent: this.agent, headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' } },
        (res) => {
          this.readyResolve?.();
          this.readyResolve = null;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      this.current = req;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const { status, body } = await this.poll();
        const at = performance.now();
        if (status !== 200) throw new Error(`longpoll answered ${status}`);
        const page = JSON.parse(body) as { results: Array<{ id: string }>; last_seq: string | number };
        for (const row of page.results) if (!this.received.has(row.id)) this.received.set(row.id, at);
        this.since = String(page.last_seq);
      } catch {
        if (this.stopped) return;
        this.errors++;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.destroy();
    this.agent.destroy();
    await this.loop;
  }
}

interface Phase {
  delays: number[];
  lastOfAll: number[];
  writeMs: number[];
}

async function phase(
  s: BenchServer,
  officerToken: string,
  tokens: string[],
  reports: number,
): Promise<Phase> {
  const clients = tokens.map((t) => new LiveClient(s.url, t));
  try {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(clients.map((c) => c.ready)),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('live clients not ready in 30 s')), 30_000);
      }),
    ]).finally(() => clearTimeout(timer));
    const sentAt = new Map<string, number>();
    const writeMs: number[] = [];
    const start = performance.now();
    for (let k = 0; k < reports; k++) {
      const wait = start + k * INTERVAL_MS - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const r = reportDoc('ani', 'regu-1', 'jakarta-pusat');
      const t0 = performance.now();
      sentAt.set(r.id, t0);
      const res = await fetch(`${s.url}/db/reports/_bulk_docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${officerToken}` },
        body: JSON.stringify({ docs: [{ ...r, _id: r.id }] }),
      });
      const rows = (await res.json()) as Array<{ ok?: boolean }>;
      if (res.status !== 201 || !rows[0]?.ok) throw new Error(`officer write: ${res.status}`);
      writeMs.push(performance.now() - t0);
    }
    await until(
      async () => clients.every((c) => [...sentAt.keys()].every((id) => c.received.has(id))),
      `every client to receive all ${reports} reports`,
      30_000,
      20,
    );
    const delays: number[] = [];
    const lastOfAll: number[] = [];
    for (const [id, t0] of sentAt) {
      const per = clients.map((c) => c.received.get(id)! - t0);
      delays.push(...per);
      lastOfAll.push(Math.max(...per));
    }
    return { delays, lastOfAll, writeMs };
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
  }
}

export const fanoutBench: BenchSection = {
  name: 'live',
  async run({ log }) {
    const nClients = scaled(50, 5);
    const nReports = scaled(20, 5);
    const s = await startBenchServer();
    try {
      await s.addUser('citra', 'admin');
      await s.addUser('ani', 'officer', ['--team', 'regu-1', '--region', 'jakarta-pusat']);
      const adminToken = await s.token('citra');
      const officerToken = await s.token('ani');
      const tokens: string[] = [];
      for (let i = 0; i < nClients; i++) {
        const name = `spv${i}`;
        const res = await fetch(`${s.url}/api/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
          body: JSON.stringify({ name, password: PASSWORD, role: 'supervisor', region: 'jakarta-pusat' }),
        });
        if (res.status !== 201) throw new Error(`user ${name}: ${res.status} ${await res.text()}`);
        tokens.push(await s.token(name));
      }
      log(
        `live: ${nReports} reports, one every ${INTERVAL_MS} ms, to 1 and then ${nClients} longpolling clients`,
      );
      const one = await phase(s, officerToken, tokens.slice(0, 1), nReports);
      const many = await phase(s, officerToken, tokens, nReports);
      const fmt = (p: Phase) =>
        `max ${Math.max(...p.delays).toFixed(0)} ms, last client per report p50 ${median(p.lastOfAll).toFixed(0)} ms, ` +
        `officer write p50 ${median(p.writeMs).toFixed(0)} ms`;
      log(`live: 1 client: ${fmt(one)}; ${nClients} clients: ${fmt(many)}`);
      const deliveries = `${many.delays.length} deliveries vs ${one.delays.length}`;
      return [
        {
          figure: `live delivery p50, ${nClients} clients`,
          medianMs: median(many.delays),
          peer: '1 client',
          peerMedianMs: median(one.delays),
          runs: nReports,
          note: `${deliveries}; ${nClients} clients: ${fmt(many)}; 1 client: ${fmt(one)}`,
        },
        {
          figure: `live delivery p99, ${nClients} clients`,
          medianMs: quantile(many.delays, 0.99),
          peer: '1 client',
          peerMedianMs: quantile(one.delays, 0.99),
          runs: nReports,
        },
        {
          figure: `live delivery max, ${nClients} clients`,
          medianMs: Math.max(...many.delays),
          peer: '1 client',
          peerMedianMs: Math.max(...one.delays),
          runs: nReports,
        },
      ];
    } finally {
      await s.close();
    }
  },
};
