import fs from 'node:fs';
import path from 'node:path';
import {
  addUser,
  cleanup,
  externalCouch,
  login,
  makeTestEnv,
  startServer,
  type TestEnv,
  type TestServer,
} from '../../sync-server/test/harness';

// A fresh sync-server (its own DATA_DIR, embedded backend, loopback, random port) for one measurement, with
// the admin's way straight into its backend (DATA_DIR/server.json + embedded-admin.json), as the server's
// tests reach it. Always closed by the caller in a `finally`: the child is stopped, the DATA_DIR removed.

export interface BenchServer {
  /** The gateway, e.g. http://127.0.0.1:40123 */
  url: string;
  /** The embedded backend, without credentials. */
  backendUrl: string;
  /** `authorization` header value for the backend's admin. */
  adminAuth: string;
  env: TestEnv;
  server: TestServer;
  /** A request to the backend as its admin; `p` starts with the database name. */
  admin(p: string, init?: RequestInit): Promise<Response>;
  addUser(name: string, role: string, extra?: string[]): Promise<void>;
  /** Logs in through the gateway, returns the bearer token. */
  token(name: string): Promise<string>;
  close(): Promise<void>;
}

export const PASSWORD = 'kata-sandi-bench-123';

/** `extraEnv`: more server environment, e.g. TERTIB_ALLOWED_ORIGINS for a page on another origin. */
export async function startBenchServer(extraEnv: Record<string, string> = {}): Promise<BenchServer> {
  if (externalCouch) throw new Error('The sync benchmarks use the embedded backend; unset TEST_COUCHDB_URL.');
  const env = makeTestEnv(extraEnv);
  let server: TestServer | null = null;
  try {
    server = await startServer(env);
    const note = JSON.parse(fs.readFileSync(path.join(env.dataDir, 'server.json'), 'utf8')) as {
      backendUrl: string;
    };
    const creds = JSON.parse(fs.readFileSync(path.join(env.dataDir, 'embedded-admin.json'), 'utf8')) as {
      name: string;
      password: string;
    };
    const adminAuth = 'Basic ' + Buffer.from(`${creds.name}:${creds.password}`).toString('base64');
    const running = server;
    return {
      url: running.url,
      backendUrl: note.backendUrl,
      adminAuth,
      env,
      server: running,
      admin: (p, init = {}) =>
        fetch(`${note.backendUrl}/${p}`, {
          ...init,
          headers: {
            accept: 'application/json',
            ...(init.headers as Record<string, string>),
            authorization: adminAuth,
          },
        }),
      addUser: (name, role, extra = []) => addUser(env, name, role, PASSWORD, extra),
      token: async (name) => {
        const res = await login(running.url, name, PASSWORD);
        const token = res.body.token;
        if (typeof token !== 'string')
          throw new Error(`login ${name}: ${res.status} ${JSON.stringify(res.body)}`);
        return token;
      },
      close: async () => {
        await running.stop();
        cleanup(env);
      },
    };
  } catch (err) {
    await server?.stop();
    cleanup(env);
    throw err;
  }
}

/** Polls `fn` every `everyMs` until it returns true; throws after `ms`. */
export async function until(
  fn: () => Promise<boolean>,
  what: string,
  ms: number,
  everyMs = 100,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Documents in `db` whose id starts with `prefix`, counted by the backend's admin. */
export async function countDocs(s: BenchServer, db: string, prefix: string): Promise<number> {
  const qs = new URLSearchParams({
    startkey: JSON.stringify(prefix),
    endkey: JSON.stringify(prefix + '\ufff0'),
  });
  const res = await s.admin(`${db}/_all_docs?${qs}`);
  if (!res.ok) throw new Error(`${db}/_all_docs: ${res.status}`);
  return ((await res.json()) as { rows: unknown[] }).rows.length;
}
