import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import expressPouchdb from 'express-pouchdb';
import PouchDB from 'pouchdb-node';
import { withCredentials, type Backend } from './backend';
import { EmbeddedGate, SETUP_HEADER } from './embedded-gate';

// The embedded backend is express-pouchdb (PouchDB on LevelDB) listening on a random loopback port with an
// admin account, so that the gateway talks to it with nano over HTTP exactly as it talks to a real CouchDB.
// Clients never see this port: it is not in any response, and a gate in front of it (embedded-gate.ts)
// answers 401 to anything but the admin or a user credential derived from the server secret (see users.ts).

export const EMBEDDED_ADMIN_NAME = 'tertib-admin';

interface AdminCredentials {
  name: string;
  password: string;
}

export function couchDir(dataDir: string): string {
  return path.join(dataDir, 'couch');
}

function adminFile(dataDir: string): string {
  return path.join(dataDir, 'embedded-admin.json');
}

function loadOrCreateAdmin(dataDir: string): AdminCredentials {
  const file = adminFile(dataDir);
  if (fs.existsSync(file)) {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<AdminCredentials>;
    if (typeof parsed.name !== 'string' || typeof parsed.password !== 'string') {
      throw new Error(`${file} is damaged: it must hold {"name","password"} of the embedded backend's admin`);
    }
    return { name: parsed.name, password: parsed.password };
  }
  const creds = { name: EMBEDDED_ADMIN_NAME, password: crypto.randomBytes(24).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(creds), { mode: 0o600 });
  return creds;
}

async function json(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

function basic(creds: AdminCredentials): string {
  return 'Basic ' + Buffer.from(`${creds.name}:${creds.password}`).toString('base64');
}

/**
 * CouchDB takes a `_changes` selector filter as `POST _changes?filter=_selector` with `{"selector": …}` in
 * the body; express-pouchdb reads only `doc_ids` from that body, while PouchDB itself filters by a `selector`
 * option, which express-pouchdb passes from the query string. So the selector is moved from the body to the
 * query here, and the gateway speaks plain CouchDB to both backends.
 */
function selectorFromBody(handler: http.RequestListener): http.RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://backend');
    if (
      req.method !== 'POST' ||
      !url.pathname.endsWith('/_changes') ||
      url.searchParams.get('filter') !== '_selector'
    )
      return handler(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 8 * 1024 * 1024) chunks.push(chunk);
    });
    req.on('end', () => {
      let body: { selector?: unknown } | null = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { selector?: unknown };
      } catch {
        body = null;
      }
      if (size > 8 * 1024 * 1024 || typeof body?.selector !== 'object' || body.selector === null) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'bad_request', reason: 'filter=_selector needs {"selector": {…}}' }));
        return;
      }
      url.searchParams.set('selector', JSON.stringify(body.selector));
      req.url = url.pathname + url.search;
      // The body is read: tell express-pouchdb's body parser (body-parser) not to wait for it again.
      Object.assign(req, { body: {}, _body: true });
      handler(req, res);
    });
  };
}

/** Start the embedded backend on 127.0.0.1 at a random port. Throws a clear error when DATA_DIR is locked. */
export async function startEmbeddedBackend(dataDir: string): Promise<Backend> {
  const dir = couchDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const admin = loadOrCreateAdmin(dataDir);
  const Pouch = PouchDB.defaults({ prefix: dir + path.sep });

  // LevelDB takes an exclusive lock per database; probing `_users` here turns "another process holds it"
  // into one clear message instead of an obscure failure on the first request.
  const probe = new Pouch('_users');
  try {
    await probe.info();
  } catch (err) {
    throw new Error(
      `The embedded database in ${dir} is in use by another process (is a Tertib server already running with this DATA_DIR?): ${(err as Error).message}`,
    );
  } finally {
    await probe.close().catch(() => undefined);
  }

  // express-pouchdb is an Express 4 app and must be served on its own: mounted inside an Express 5 app it
  // loses its JSON decoding of query parameters (Express 5's req.query is a getter), so startkey/endkey
  // would silently match nothing.
  const handler = expressPouchdb(Pouch, {
    mode: 'fullCouchDB',
    overrideMode: { exclude: ['routes/fauxton'] },
    configPath: path.join(dir, 'config.json'),
    logPath: path.join(dir, 'log.txt'),
  });
  const setupToken = crypto.randomBytes(32).toString('base64url');
  const gate = new EmbeddedGate({ admin, setupToken });
  const setup = { [SETUP_HEADER]: setupToken };
  const server = http.createServer(gate.wrap(selectorFromBody(handler)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const close = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  try {
    // A fresh backend is in "admin party" (everyone is admin) until the first admin exists.
    // Set-up requests carry the gate's one-time token, as nothing else can pass it before an admin exists.
    const anon = await json(`${baseUrl}/_session`, { headers: setup });
    const anonRoles = (anon.body as { userCtx?: { roles?: string[] } }).userCtx?.roles ?? [];
    if (anonRoles.includes('_admin')) {
      const put = await json(`${baseUrl}/_config/admins/${encodeURIComponent(admin.name)}`, {
        method: 'PUT',
        headers: setup,
        body: JSON.stringify(admin.password),
      });
      if (put.status !== 200) throw new Error(`could not create the embedded admin: HTTP ${put.status}`);
    }
    const check = await json(`${baseUrl}/_session`, { headers: { authorization: basic(admin) } });
    const roles = (check.body as { userCtx?: { roles?: string[] } }).userCtx?.roles ?? [];
    if (!roles.includes('_admin')) {
      throw new Error(
        `The admin credentials in ${adminFile(dataDir)} are not accepted by the embedded backend in ${dir}; ` +
          'restore that file from the backup taken with the data directory.',
      );
    }
    gate.closeSetup();
  } catch (err) {
    await close();
    throw err;
  }

  return {
    kind: 'embedded',
    baseUrl,
    adminUrl: withCredentials(baseUrl, admin.name, admin.password),
    trustUsers: (check) => gate.trustUsers(check),
    close,
  };
}
