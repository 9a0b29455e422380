import fs from 'node:fs';
import http from 'node:http';
import type { HostileRequest } from './hostile-generator';

// Sending the hostile requests exactly as generated (node:http, not fetch, so paths are not normalised), a
// small worker pool, the child's memory, and the grouping that turns thousands of outcomes into a short,
// readable list of findings.

const REQUEST_TIMEOUT_MS = 30_000;
const BODY_KEPT = 4 * 1024 * 1024;

export interface Outcome {
  req: HostileRequest;
  status: number;
  body: Buffer;
  ms: number;
  error?: string;
  left?: boolean;
}

export function send(
  base: URL,
  agent: http.Agent,
  req: HostileRequest,
  auth: Record<string, string>,
): Promise<Outcome> {
  const body = typeof req.body === 'function' ? req.body() : req.body;
  const headers: Record<string, string> = { ...auth, ...req.headers };
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const started = Date.now();
  return new Promise((resolve) => {
    let status = 0;
    const chunks: Buffer[] = [];
    let kept = 0;
    let settled = false;
    const done = (extra: { error?: string; left?: boolean } = {}) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ req, status, body: Buffer.concat(chunks), ms: Date.now() - started, ...extra });
    };
    let outgoing: http.ClientRequest | undefined;
    const timer = setTimeout(() => {
      done(req.leaveAfterMs === undefined ? { error: 'no answer in time' } : { left: true });
      outgoing?.destroy();
    }, req.leaveAfterMs ?? REQUEST_TIMEOUT_MS);
    try {
      outgoing = http.request({
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers,
        agent,
      });
    } catch (err) {
      // Node's client refuses to send some of what we make (e.g. a character it cannot put on the wire).
      return done({ error: `client refused: ${(err as Error).message}` });
    }
    outgoing.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.on('data', (c: Buffer) => {
        if (kept < BODY_KEPT) chunks.push(c);
        kept += c.length;
      });
      res.on('end', () => done());
      res.on('error', (e) => done({ error: e.message }));
    });
    outgoing.on('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
    outgoing.end(body);
  });
}

export async function inPool<T, R>(items: T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

export function snippet(body: Buffer, at = 0): string {
  const from = Math.max(0, at - 60);
  return JSON.stringify(
    body
      .subarray(from, from + 400)
      .toString('utf8')
      .replace(/\s+/g, ' ')
      .slice(0, 160),
  );
}

/**
 * Findings of one kind, grouped by request shape (the database folded into `{db}`): one line a group,
 * `N× <key>  [databases; senders; family]  <detail of the first>`.
 */
export function grouped<T extends { o: Outcome }>(
  items: T[],
  key: (x: T) => string,
  detail: (x: T) => string,
): string[] {
  const groups = new Map<string, { n: number; first: T; dbs: Set<string>; who: Set<string> }>();
  for (const x of items) {
    const k = key(x);
    const g = groups.get(k) ?? { n: 0, first: x, dbs: new Set<string>(), who: new Set<string>() };
    g.n++;
    g.dbs.add(/^\/db\/(reports|events|photos)\b/.exec(x.o.req.path)?.[1] ?? '-');
    g.who.add(x.o.req.as);
    groups.set(k, g);
  }
  return [...groups].map(
    ([k, g]) =>
      `${g.n}× ${k}  [${[...g.dbs].join(',')}; as ${[...g.who].slice(0, 6).join(',')}; ${g.first.o.req.family}]  ${detail(g.first)}`,
  );
}
/** The server's own account of its 500s: each distinct message with the first frame in our code. */
export function serverErrors(output: string, root: string): string[] {
  const found = new Map<string, number>();
  for (const m of output.matchAll(/internal error: ([^\n]*)\n((?:\s+at [^\n]*\n?){0,12})/g)) {
    const frames = (m[2] ?? '').split('\n').map((f) => f.trim());
    const ours = frames.find((f) => /sync-server\/src|domain\//.test(f)) ?? frames[0] ?? '';
    const key = `${(m[1] ?? '').slice(0, 160)}  ${ours.replace(root + '/', '')}`;
    found.set(key, (found.get(key) ?? 0) + 1);
  }
  return [...found].map(([key, n]) => `server log: ${n}× ${key}`);
}
