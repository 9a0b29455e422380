import PouchDB from 'pouchdb-node';

// pouchdb-node as the sync tests use it (sync-server/test/sync-photos.test.ts): a LevelDB database in a temp
// dir, and remote databases whose every request goes through a fetch the caller controls (a bearer token
// for the gateway, Basic for the backend's admin), optionally timed per request kind.

export interface ReplicationResult {
  docs_written: number;
  doc_write_failures: number;
}

export interface Pouch {
  put(doc: Record<string, unknown>): Promise<unknown>;
  bulkDocs(docs: Record<string, unknown>[], opts?: { new_edits?: boolean }): Promise<unknown>;
  replicate: {
    to(target: unknown, opts?: Record<string, unknown>): Promise<ReplicationResult>;
    from(source: unknown, opts?: Record<string, unknown>): Promise<ReplicationResult>;
  };
  close(): Promise<void>;
}

export type PouchFetch = (url: string, opts: { method?: string; headers: Headers }) => Promise<Response>;

export const Pouch = PouchDB as unknown as {
  new (name: string, opts?: Record<string, unknown>): Pouch;
  fetch: PouchFetch;
};

/** Where a request went, as a short label: `POST _bulk_docs`, `PUT _local`, `GET _changes`, … */
export function requestKind(url: string, method = 'GET'): string {
  const p = new URL(url).pathname;
  const seg =
    p.split('/').find((s) => s.startsWith('_')) ?? (p.split('/').filter(Boolean).length > 2 ? 'doc' : 'db');
  return `${method.toUpperCase()} ${seg}`;
}

/** Counts and times (request sent → response headers) every request a client makes, by kind. */
export class RequestLog {
  private readonly kinds = new Map<string, { count: number; ms: number }>();

  record(kind: string, ms: number): void {
    const k = this.kinds.get(kind) ?? { count: 0, ms: 0 };
    k.count++;
    k.ms += ms;
    this.kinds.set(kind, k);
  }

  async time<T extends Response>(kind: string, call: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const res = await call();
    this.record(kind, performance.now() - t0);
    return res;
  }

  summary(): string {
    return [...this.kinds.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(
        ([k, v]) => `${k} ×${v.count} ${(v.ms / 1000).toFixed(1)} s (${(v.ms / v.count).toFixed(1)} ms each)`,
      )
      .join('; ');
  }
}

/** A remote database whose requests carry `authorization` and are logged in `log`. */
export function remoteDb(url: string, authorization: string, log?: RequestLog): Pouch {
  return new Pouch(url, {
    skip_setup: true,
    fetch: (u: string, opts: { method?: string; headers: Headers }) => {
      opts.headers.set('Authorization', authorization);
      return log ? log.time(requestKind(u, opts.method), () => Pouch.fetch(u, opts)) : Pouch.fetch(u, opts);
    },
  });
}
