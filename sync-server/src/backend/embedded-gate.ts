import crypto from 'node:crypto';
import type http from 'node:http';

// The embedded backend (express-pouchdb) listens on a loopback port that any local process can find with
// `ss -ltn`, and on its own it takes anonymous requests: its `_users` accepts anonymous sign-ups (a real
// CouchDB 3's is admin-only) and an anonymous `PUT /<db>` crashes it. So nothing reaches it unless it carries
// a credential only this server can produce: the backend admin's (kept mode 0600 in DATA_DIR), or a user's
// credential derived from the server secret (users.ts). Everything else is answered 401 here.

export interface GateCredentials {
  admin: { name: string; password: string };
  /** While the backend is being set up (first start: no admin yet), requests carrying this header value pass. */
  setupToken: string;
}

/** Decides whether a non-admin Basic credential is one the sync-server derived (installed after start-up). */
export type UserCredentialCheck = (name: string, password: string) => boolean;

export const SETUP_HEADER = 'x-tertib-setup';

/** Constant-time string equality (a credential compared byte by byte would leak its prefix by timing). */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The name and password of a Basic `Authorization` header, or null. */
export function basicCredentials(header: string | undefined): { name: string; password: string } | null {
  if (!header) return null;
  const m = /^Basic +([A-Za-z0-9+/=]{1,1024})$/i.exec(header.trim());
  if (!m?.[1]) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 1) return null;
  return { name: text.slice(0, colon), password: text.slice(colon + 1) };
}

export class EmbeddedGate {
  private userCheck: UserCredentialCheck | null = null;
  private setupOpen = true;

  constructor(private readonly creds: GateCredentials) {}

  /** From now on only the admin, and users whose credential `check` accepts, get through. */
  trustUsers(check: UserCredentialCheck): void {
    this.userCheck = check;
  }

  /** Ends the set-up window: the setup header no longer opens anything. */
  closeSetup(): void {
    this.setupOpen = false;
  }

  allows(headers: http.IncomingHttpHeaders): boolean {
    const setup = headers[SETUP_HEADER];
    if (this.setupOpen && typeof setup === 'string' && sameText(setup, this.creds.setupToken)) return true;
    const basic = basicCredentials(headers.authorization);
    if (!basic) return false;
    if (basic.name === this.creds.admin.name) return sameText(basic.password, this.creds.admin.password);
    return this.userCheck !== null && this.userCheck(basic.name, basic.password);
  }

  /** Wraps the backend's request handler. */
  wrap(handler: http.RequestListener): http.RequestListener {
    return (req, res) => {
      if (this.allows(req.headers)) return handler(req, res);
      req.resume();
      res.writeHead(401, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(
        JSON.stringify({ error: 'unauthorized', reason: 'This backend serves the Tertib sync-server only.' }),
      );
    };
  }
}
