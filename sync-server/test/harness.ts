import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withCredentials } from '../src/backend/backend';
import { backendHttp } from '../src/sync/backend-http';

// Runs the real sync-server as a child process (the same `tertib-server` entry point users run), on a
// random port with its own DATA_DIR. With TEST_COUCHDB_URL set, it runs against that CouchDB instead of the
// embedded backend, with a unique database prefix so runs never collide.

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliPath = path.join(repoRoot, 'sync-server', 'cli.ts');

export const externalCouch = process.env.TEST_COUCHDB_URL || null;

export interface TestEnv {
  dataDir: string;
  env: Record<string, string>;
  /** Prefix for user names, unique per run, so runs against a shared CouchDB never collide. */
  userPrefix: string;
}

export function makeTestEnv(extra: Record<string, string> = {}): TestEnv {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tertib-test-'));
  const run = crypto.randomBytes(3).toString('hex');
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    ...(externalCouch ? { COUCHDB_URL: externalCouch, TERTIB_DB_PREFIX: `t${run}_` } : {}),
    ...extra,
  };
  return { dataDir, env, userPrefix: externalCouch ? `t${run}` : '' };
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const key of ['PORT', 'HOST', 'DATA_DIR', 'COUCHDB_URL', 'TERTIB_DB_PREFIX', 'TERTIB_PASSWORD'])
    delete base[key];
  return { ...base, ...env };
}

export interface TestServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServer(t: TestEnv, args: string[] = []): Promise<TestServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, 'serve', ...args], {
    cwd: repoRoot,
    env: childEnv(t.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    url,
    process: child,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  t: TestEnv,
  args: string[],
  opts: { input?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], {
      cwd: repoRoot,
      env: childEnv({ ...t.env, ...opts.env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(opts.input ?? '');
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function addUser(
  t: TestEnv,
  name: string,
  role: string,
  password: string,
  extra: string[] = [],
): Promise<void> {
  const res = await runCli(t, ['user', 'add', name, '--role', role, ...extra], {
    env: { TERTIB_PASSWORD: password },
  });
  if (res.code !== 0) throw new Error(`user add ${name} failed (${res.code}): ${res.stderr}${res.stdout}`);
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function api(
  base: string,
  method: string,
  p: string,
  opts: {
    body?: unknown;
    rawBody?: string;
    token?: string;
    cookie?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined || opts.rawBody !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  const res = await fetch(base + p, {
    method,
    headers,
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { raw: text };
  }
  return { status: res.status, headers: res.headers, body };
}

export async function login(base: string, name: string, password: string): Promise<JsonResponse> {
  return api(base, 'POST', '/api/session', { body: { name, password } });
}

export function cleanup(t: TestEnv): void {
  fs.rmSync(t.dataDir, { recursive: true, force: true });
}

/** Polls `fn` until it gives a truthy value, or fails after `ms` saying what it waited for. */
export async function until<T>(
  fn: () => Promise<T | null | undefined | false>,
  what: string,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Logs a person added by `addUsersAndLogIn` in again (say, after a lost-device order ended their sessions). */
export async function logInAgain(t: TestEnv, server: { url: string }, name: string): Promise<string> {
  return (await login(server.url, t.userPrefix + name, `kata-sandi-${name}`)).body.token as string;
}

/** Adds each person (password `kata-sandi-<name>`) and logs them in; returns their bearer tokens by name. */
export async function addUsersAndLogIn(
  t: TestEnv,
  server: { url: string },
  people: Array<[name: string, role: string, extra: string[]]>,
): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const [name, role, extra] of people) {
    const full = t.userPrefix + name;
    await addUser(t, full, role, `kata-sandi-${name}`, extra);
    tokens[name] = await logInAgain(t, server, name);
  }
  return tokens;
}

/** The admin URL of a running test server's backend: its embedded one (from DATA_DIR), or TEST_COUCHDB_URL. */
export function backendAdminUrl(t: TestEnv): string {
  if (externalCouch) return externalCouch;
  const note = JSON.parse(fs.readFileSync(path.join(t.dataDir, 'server.json'), 'utf8')) as {
    backendUrl: string;
  };
  const admin = JSON.parse(fs.readFileSync(path.join(t.dataDir, 'embedded-admin.json'), 'utf8')) as {
    name: string;
    password: string;
  };
  return withCredentials(note.backendUrl, admin.name, admin.password);
}

/** Admin access to the backend of a running test server (the embedded one's note in DATA_DIR, or TEST_COUCHDB_URL). */
export function liveBackend(t: TestEnv): ReturnType<typeof backendHttp> {
  return backendHttp(backendAdminUrl(t));
}

/**
 * Makes the backend refuse every write to `db` (CouchDB runs validate_doc_update for admins too) until the
 * returned function lifts it: a fault a worker must retry through.
 */
export async function blockWrites(t: TestEnv, db: string): Promise<() => Promise<void>> {
  const backend = liveBackend(t);
  const blocker = await backend.admin(`${db}/_design/blocked`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      validate_doc_update: "function () { throw({ forbidden: 'blocked by the test' }); }",
    }),
  });
  if (blocker.status !== 201) throw new Error(`blocking ${db} answered ${blocker.status}`);
  const { rev } = (await blocker.json()) as { rev: string };
  return async () => {
    const res = await backend.admin(`${db}/_design/blocked?rev=${rev}`, { method: 'DELETE' });
    if (!res.ok) throw new Error(`unblocking ${db} answered ${res.status}`);
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as it came off the wire: not decompressed (undici's fetch would decode it). */
  body: Buffer;
  text: string;
}

/**
 * A request sent exactly as given, on its own connection: fetch would normalize `..` in the path and decode
 * a compressed answer; a reused kept-alive socket can be closed under a request made after a long pause.
 */
export function rawRequest(
  base: string,
  method: string,
  pathAndQuery: string,
  opts: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: pathAndQuery, headers: opts.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
