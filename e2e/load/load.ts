import fs from 'node:fs';
import crypto from 'node:crypto';
import http from 'node:http';
import sharp from 'sharp';
import {
  addUser,
  backendAdminUrl,
  api,
  cleanup,
  login,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
} from '../../sync-server/test/harness';
import { reportDoc } from '../../sync-server/test/sync-fixtures';
import { LiveClient } from '../bench/fanout-bench';
import { quantile } from '../bench/bench-types';

// `npm run load` (not in CI): N simulated officers push reports with a photo each over the real protocol
// (binary photo upload, then the report through _bulk_docs) as fast as their server answers, while M
// supervisors hold live feeds (longpoll, as the app's live pull does). First against one sync-server, then
// against two over the same backend, officers and supervisors split between them. Prints throughput, the
// time from a report being accepted to every supervisor having it (p50/p99), refused and failed requests,
// and the CPU each process used.
//
// Bounded: every officer stops at the deadline or after MAX_REPORTS_PER_OFFICER, the fan-out wait ends after
// FANOUT_WAIT_MS, and every request goes to loopback servers this script started.
//
//   npm run load -- --officers 300 --supervisors 50 --seconds 30 [--couch http://admin:pw@127.0.0.1:5984]
//                   [--pid couchdb=<pid of beam.smp>]   (also report that process's CPU)
//
// Without --couch the first server's embedded backend serves both (it then lives in the first server's
// process, so that process carries the database too); with --couch every server uses that CouchDB, each
// run under a fresh database prefix.

const MAX_REPORTS_PER_OFFICER = 1000;
const FANOUT_WAIT_MS = 30_000;
const SETUP_CONCURRENCY = 8;
const REGION = 'jakarta-pusat';
const PASSWORD = 'kata-sandi-muatan-123';

interface Options {
  officers: number;
  supervisors: number;
  seconds: number;
  couch: string | null;
  /** Other processes whose CPU to report (e.g. CouchDB's beam.smp): `--pid couchdb=1234`. */
  pids: Array<{ label: string; pid: number }>;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { officers: 300, supervisors: 50, seconds: 30, couch: null, pids: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${key} needs a value`);
    if (key === '--couch') {
      const u = new URL(value);
      if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost')
        throw new Error('--couch must be loopback');
      opts.couch = value;
      continue;
    }
    if (key === '--pid') {
      const m = /^([a-z0-9_-]{1,20})=([0-9]{1,9})$/i.exec(value);
      if (!m) throw new Error('--pid wants label=pid');
      opts.pids.push({ label: m[1]!, pid: Number(m[2]) });
      continue;
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 5000) throw new Error(`${key} must be a whole number 1..5000`);
    if (key === '--officers') opts.officers = n;
    else if (key === '--supervisors') opts.supervisors = n;
    else if (key === '--seconds') opts.seconds = Math.min(n, 600);
    else throw new Error(`unknown option ${key}`);
  }
  return opts;
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

async function pool<T>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

async function jpeg(seed: string): Promise<Buffer> {
  const h = crypto.createHash('sha256').update(seed).digest();
  const raw = Buffer.alloc(96 * 64 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = h[i % 32]! ^ (i & 0xff);
  return sharp(raw, { raw: { width: 96, height: 64, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

function request(
  base: string,
  method: string,
  p: string,
  agent: http.Agent,
  headers: Record<string, string>,
  body: Buffer,
) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      `${base}${p}`,
      { method, agent, headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

interface Officer {
  name: string;
  token: string;
}

interface PhaseResult {
  servers: number;
  accepted: number;
  seconds: number;
  refused: number;
  failed: number;
  fanoutMs: number[];
  missing: number;
  cpu: Array<{ label: string; seconds: number }>;
}

async function runPhase(
  servers: TestServer[],
  officers: Officer[],
  supervisorTokens: string[],
  opts: Options,
  extraPids: Array<{ label: string; pid: number }>,
): Promise<PhaseResult> {
  const clients = supervisorTokens.map((t, i) => new LiveClient(servers[i % servers.length]!.url, t));
  const pids = [
    ...servers.map((s, i) => ({ label: `sync-server ${i + 1}`, pid: s.process.pid! })),
    ...extraPids,
  ];
  try {
    await Promise.race([
      Promise.all(clients.map((c) => c.ready)),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('supervisors not live in 60 s')), 60_000).unref(),
      ),
    ]);
    const cpuBefore = pids.map((p) => cpuSeconds(p.pid));
    const selfBefore = process.cpuUsage();
    const acceptedAt = new Map<string, number>();
    let refused = 0;
    let failed = 0;
    const start = performance.now();
    const deadline = start + opts.seconds * 1000;
    await Promise.all(
      officers.map(async (officer, i) => {
        const base = servers[i % servers.length]!.url;
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        const auth = { authorization: `Bearer ${officer.token}` };
        try {
          for (let k = 0; k < MAX_REPORTS_PER_OFFICER && performance.now() < deadline; k++) {
            try {
              const bytes = await jpeg(`${officer.name}-${k}-${crypto.randomUUID()}`);
              const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
              const q = new URLSearchParams({
                rev: '1-' + crypto.createHash('md5').update(sha256).digest('hex'),
                bytes: String(bytes.length),
                width: '96',
                height: '64',
                storedAt: new Date().toISOString(),
              });
              const photo = await request(
                base,
                'PUT',
                `/db/photos/photo:${sha256}/photo.jpg?${q}`,
                agent,
                { ...auth, 'content-type': 'image/jpeg' },
                bytes,
              );
              if (photo.status !== 201) {
                if (photo.status >= 400 && photo.status < 500) refused++;
                else failed++;
                continue;
              }
              const report = reportDoc(officer.name, `regu-${i % 10}`, REGION, {
                photos: [{ sha256, bytes: bytes.length, width: 96, height: 64 }],
              });
              const body = Buffer.from(JSON.stringify({ docs: [{ _id: report.id, ...report }] }));
              const res = await request(
                base,
                'POST',
                '/db/reports/_bulk_docs',
                agent,
                { ...auth, 'content-type': 'application/json' },
                body,
              );
              const rows = res.status === 201 ? (JSON.parse(res.text) as Array<{ error?: string }>) : [];
              if (res.status === 201 && rows[0] && !rows[0].error)
                acceptedAt.set(report.id, performance.now());
              else if (res.status === 201 || (res.status >= 400 && res.status < 500)) refused++;
              else failed++;
            } catch {
              failed++;
            }
          }
        } finally {
          agent.destroy();
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    // Every supervisor should get every report; wait (bounded) for the last ones.
    const fanoutEnd = performance.now() + FANOUT_WAIT_MS;
    const everyoneHas = (id: string) => clients.every((c) => c.received.has(id));
    while (performance.now() < fanoutEnd && ![...acceptedAt.keys()].every(everyoneHas))
      await new Promise((r) => setTimeout(r, 200));
    const cpuAfter = pids.map((p) => cpuSeconds(p.pid));
    const self = process.cpuUsage(selfBefore);
    const fanoutMs: number[] = [];
    let missing = 0;
    for (const [id, at] of acceptedAt) {
      if (!everyoneHas(id)) {
        missing++;
        continue;
      }
      fanoutMs.push(Math.max(...clients.map((c) => c.received.get(id)!)) - at);
    }
    return {
      servers: servers.length,
      accepted: acceptedAt.size,
      seconds,
      refused,
      failed,
      fanoutMs,
      missing,
      cpu: [
        ...pids.map((p, i) => ({ label: p.label, seconds: cpuAfter[i]! - cpuBefore[i]! })),
        { label: 'load generator', seconds: (self.user + self.system) / 1e6 },
      ],
    };
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
  }
}

function print(r: PhaseResult): void {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
  console.log(
    `${r.servers} sync-server(s): ${r.accepted} reports with a photo in ${r.seconds.toFixed(1)} s = ${(r.accepted / r.seconds).toFixed(1)} reports/s; ` +
      `accepted → every supervisor p50 ${f(quantile(r.fanoutMs, 0.5))} ms, p99 ${f(quantile(r.fanoutMs, 0.99))} ms` +
      `${r.missing ? ` (${r.missing} not at every supervisor within ${FANOUT_WAIT_MS / 1000} s)` : ''}; refused ${r.refused}, failed ${r.failed}`,
  );
  console.log(
    `  CPU: ${r.cpu.map((c) => `${c.label} ${c.seconds.toFixed(1)} s (${((100 * c.seconds) / r.seconds).toFixed(0)}%)`).join(', ')}`,
  );
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const run = crypto.randomBytes(3).toString('hex');
  const common: Record<string, string> = {
    LOG_LEVEL: 'warn',
    LOGIN_MAX_FAILURES: '1000',
    ...(opts.couch ? { COUCHDB_URL: opts.couch, TERTIB_DB_PREFIX: `load${run}_` } : {}),
  };
  const tA = makeTestEnv(common);
  const envs: TestEnv[] = [tA];
  const servers: TestServer[] = [];
  try {
    console.log(
      `load: ${opts.officers} officers, ${opts.supervisors} supervisors, ${opts.seconds} s per phase, backend ${opts.couch ? 'CouchDB (--couch)' : 'embedded (in sync-server 1)'}`,
    );
    servers.push(await startServer(tA));
    await addUser(tA, 'pengelola', 'admin', PASSWORD);
    const adminToken = (await login(servers[0]!.url, 'pengelola', PASSWORD)).body.token as string;
    const officerNames = Array.from({ length: opts.officers }, (_, i) => `petugas${i}`);
    const supervisorNames = Array.from({ length: opts.supervisors }, (_, i) => `pengawas${i}`);
    const setupStart = performance.now();
    await pool([...officerNames, ...supervisorNames], SETUP_CONCURRENCY, async (name, i) => {
      const role = i < opts.officers ? 'officer' : 'supervisor';
      const res = await api(servers[0]!.url, 'POST', '/api/users', {
        token: adminToken,
        body: {
          name,
          password: PASSWORD,
          role,
          team: role === 'officer' ? `regu-${i % 10}` : null,
          region: REGION,
        },
      });
      if (res.status !== 201 && res.status !== 200)
        throw new Error(`creating ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    });
    const tokens = new Map<string, string>();
    await pool([...officerNames, ...supervisorNames], SETUP_CONCURRENCY, async (name) => {
      const res = await login(servers[0]!.url, name, PASSWORD);
      if (res.status !== 200) throw new Error(`login ${name}: ${res.status}`);
      tokens.set(name, res.body.token as string);
    });
    console.log(
      `  setup: ${opts.officers + opts.supervisors} accounts made and logged in in ${((performance.now() - setupStart) / 1000).toFixed(0)} s`,
    );
    const officers = officerNames.map((name) => ({ name, token: tokens.get(name)! }));
    const supervisorTokens = supervisorNames.map((n) => tokens.get(n)!);

    // A short warm-up first, not counted: the first minutes of a fresh server (JIT, views built on first
    // read, the backend's caches) would otherwise weigh on the one-server figures only.
    const warm = await runPhase(
      servers,
      officers,
      supervisorTokens,
      { ...opts, seconds: Math.min(opts.seconds, 8) },
      opts.pids,
    );
    console.log(`  warm-up: ${warm.accepted} reports, not counted`);
    const one = await runPhase(servers, officers, supervisorTokens, opts, opts.pids);
    print(one);
    const tB = makeTestEnv({
      ...common,
      COUCHDB_URL: opts.couch ?? backendAdminUrl(tA),
      TERTIB_DB_PREFIX: tA.env.TERTIB_DB_PREFIX ?? '',
    });
    envs.push(tB);
    servers.push(await startServer(tB));
    const two = await runPhase(servers, officers, supervisorTokens, opts, opts.pids);
    print(two);
    const ratio = two.accepted / two.seconds / (one.accepted / one.seconds);
    console.log(
      `two carry ${ratio.toFixed(2)}× what one carries (aim ≥ 1.7×); machine: ${(await import('node:os')).cpus().length} cores, load average ${(
        await import('node:os')
      )
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    for (const s of servers.reverse()) await s.stop();
    for (const t of envs) cleanup(t);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`load: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
