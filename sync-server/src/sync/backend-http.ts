// Plain HTTP to the backend for the replication endpoints, where the gateway needs streaming, abort
// signals and byte-exact pass-through that nano's convenience methods hide. Credentials go in an explicit
// Basic header (never a cookie jar; DESIGN.md quirks).

export interface BackendHttp {
  /** As the server admin. `path` starts with the backend database name, e.g. `reports/_changes?…`. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** As a user, with the credential the gateway derives for them (see users.ts). */
  asUser(name: string, password: string, path: string, init?: RequestInit): Promise<Response>;
}

function basic(name: string, password: string): string {
  return 'Basic ' + Buffer.from(`${name}:${password}`).toString('base64');
}

export interface BackendAccounts {
  /** The account's CouchDB name (deployment-scoped; domain/deployment-names.ts). */
  couchName(name: string): string;
  /**
   * Called when the backend refuses a user's derived credential (the server secret changed since the account
   * was made): rewrite it, or throw to say why not. The request is then tried once more.
   */
  repair(name: string): Promise<unknown>;
}

function replayable(init: RequestInit): boolean {
  return (
    init.body === undefined ||
    init.body === null ||
    typeof init.body === 'string' ||
    init.body instanceof Uint8Array
  );
}

export function backendHttp(adminUrl: string, accounts?: BackendAccounts): BackendHttp {
  const url = new URL(adminUrl);
  const adminAuth = basic(decodeURIComponent(url.username), decodeURIComponent(url.password));
  url.username = '';
  url.password = '';
  const base = url.toString().replace(/\/$/, '');
  const call = (auth: string, path: string, init: RequestInit = {}) =>
    fetch(`${base}/${path}`, {
      ...init,
      headers: {
        accept: 'application/json',
        ...(init.headers as Record<string, string>),
        authorization: auth,
      },
    });
  return {
    admin: (path, init) => call(adminAuth, path, init),
    asUser: async (name, password, path, init = {}) => {
      const auth = basic(accounts ? accounts.couchName(name) : name, password);
      const res = await call(auth, path, init);
      if (res.status !== 401 || !accounts || !replayable(init)) return res;
      await res.body?.cancel();
      await accounts.repair(name);
      return call(auth, path, init);
    },
  };
}

export async function jsonOrThrow<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: backend answered ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}
