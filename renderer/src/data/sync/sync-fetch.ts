// The `fetch` handed to RxDB's CouchDB replication and to PouchDB's http adapter. It adds the session's
// credentials (through the injected authorized fetch), turns failures into typed errors the engine can
// tell apart, and reads the few CouchDB answers that say what the server holds (see couch-responses.ts).

import type { ApiErrorCode } from '../../../../domain/api';
import { errorCodeFor } from '../../api/api-error';
import { changedIds, heldIds, rewriteBulkDocsRows, type Refusal } from './couch-responses';

/** `ApiClient.authorizedFetch`: the session's cookie or bearer token applied to a request to its server. */
export type AuthorizedFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** The server answered 401: the session ended. Sync pauses until the officer signs in again. */
export class AuthRequiredError extends Error {
  constructor() {
    super('The session has ended; sign in again to continue syncing.');
    this.name = 'AuthRequiredError';
  }
}

/** The request never got an answer (no network, server down, connection cut). */
export class SyncNetworkError extends Error {
  constructor(cause: unknown) {
    super(`The sync server could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'SyncNetworkError';
  }
}

/** The server answered with a transient failure (5xx, 429). */
export class SyncServerError extends Error {
  constructor(
    public readonly status: number,
    reason: string,
    /** The server's error code (`{"error": …}`), which the sync bar translates; the reason is for logs. */
    public readonly code: ApiErrorCode = errorCodeFor(status, null),
  ) {
    super(`The sync server answered ${status}: ${reason}`);
    this.name = 'SyncServerError';
  }
}

export interface SyncFetchHooks {
  /** Called once per 401, before the request fails with AuthRequiredError. */
  onUnauthorized(): void;
  /** The server holds these documents: `pulled` came down its changes feed, `pushed` were written or seen. */
  onServerHolds?(ids: string[], how: 'pulled' | 'pushed'): Promise<void>;
  /** Documents the server refused for good in a `_bulk_docs` (answered to the replicator as written). */
  onRefused?(refusals: Refusal[]): Promise<void>;
  /** Documents the server cannot take yet (an event before its report); sent again later. */
  onDeferred?(deferred: Refusal[]): Promise<void>;
}

type FetchInput = string | URL | Request;

function urlOf(input: FetchInput): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** One signal that aborts when any of `signals` does (AbortSignal.any is not in every target yet). */
function anySignal(signals: Array<AbortSignal | null | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== null && s !== undefined);
  if (present.length <= 1) return present[0];
  const controller = new AbortController();
  for (const s of present) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener('abort', () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}

function jsonResponse(body: unknown, from: Response): Response {
  // Fresh headers: the original Content-Length no longer matches a rewritten body.
  return new Response(JSON.stringify(body), {
    status: from.status,
    statusText: from.statusText,
    headers: { 'content-type': 'application/json' },
  });
}

async function serverError(res: Response): Promise<SyncServerError> {
  const text = await res.text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // not JSON
  }
  const reason = (body as { reason?: unknown } | null)?.reason;
  return new SyncServerError(
    res.status,
    typeof reason === 'string' ? reason : text.slice(0, 200) || res.statusText,
    errorCodeFor(res.status, body),
  );
}

/**
 * `_bulk_docs` bodies from this size on are sent gzip-compressed (the gateway decodes them, bounded): a batch
 * of 20 reports is ~4× smaller, which on a 0.75 Mbit/s uplink saves more than compressing costs; small
 * bodies are not worth the request header and the CPU.
 */
export const COMPRESS_BODY_BYTES = 8 * 1024;

/** The body as gzip, or null where the runtime has no CompressionStream. */
export async function gzipText(text: string): Promise<Blob | null> {
  if (typeof CompressionStream !== 'function') return null;
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
}

function worthCompressing(url: string, init: RequestInit): init is RequestInit & { body: string } {
  return (
    typeof init.body === 'string' &&
    init.body.length >= COMPRESS_BODY_BYTES &&
    (init.method ?? 'GET').toUpperCase() === 'POST' &&
    new URL(url).pathname.endsWith('/_bulk_docs')
  );
}

async function compressedBody(init: RequestInit & { body: string }): Promise<RequestInit> {
  const packed = await gzipText(init.body);
  if (!packed) return init;
  const headers = new Headers(init.headers);
  headers.set('content-encoding', 'gzip');
  return { ...init, headers, body: packed };
}

/** Longer than the server's longest longpoll (60 s) and a slow photo upload; shorter than forever. */
export const REQUEST_DEADLINE_MS = 120_000;

/**
 * `signal` aborts every request made through this fetch (the engine's way to stop a replication at once,
 * including a long-poll that would otherwise hang until the server answers).
 */
export function createSyncFetch(
  base: AuthorizedFetch,
  hooks: SyncFetchHooks,
  signal?: AbortSignal,
  deadlineMs = REQUEST_DEADLINE_MS,
): (input: FetchInput, init?: RequestInit) => Promise<Response> {
  return async (input, init = {}) => {
    const url = urlOf(input);
    const method = (init.method ?? 'GET').toUpperCase();
    // A connection that dies silently (a patrol car leaving the cell) must become an error the scheduler
    // retries, never a replication that waits forever. Longpolls end within 60 s on the server.
    const deadline = AbortSignal.timeout(deadlineMs);
    const combined = anySignal([init.signal, signal, deadline]);
    let res: Response;
    try {
      // Only a body worth compressing waits for the compressor; every other request starts at once.
      const sent = worthCompressing(url, init) ? await compressedBody(init) : init;
      res = await base(url, { ...sent, ...(combined ? { signal: combined } : {}) });
    } catch (err) {
      const stopped = Boolean(init.signal?.aborted || signal?.aborted);
      if (stopped) throw err;
      throw new SyncNetworkError(err);
    }
    if (res.status === 401) {
      await res.body?.cancel().catch(() => undefined);
      hooks.onUnauthorized();
      throw new AuthRequiredError();
    }
    if (res.status >= 500 || res.status === 429) throw await serverError(res);
    if (!res.ok) return res;

    const path = new URL(url).pathname;
    if (method === 'POST' && path.endsWith('/_bulk_docs') && hooks.onRefused) {
      const out = rewriteBulkDocsRows(await res.json());
      if (out.refused.length > 0) await hooks.onRefused(out.refused);
      if (out.deferred.length > 0) await hooks.onDeferred?.(out.deferred);
      if (out.accepted.length > 0) await hooks.onServerHolds?.(out.accepted, 'pushed');
      return jsonResponse(out.rows, res);
    }
    if (path.endsWith('/_changes') && hooks.onServerHolds) {
      const body: unknown = await res.json();
      const ids = changedIds(body);
      if (ids.length > 0) await hooks.onServerHolds(ids, 'pulled');
      return jsonResponse(body, res);
    }
    if (path.endsWith('/_all_docs') && hooks.onServerHolds) {
      const body: unknown = await res.json();
      const ids = heldIds(body);
      if (ids.length > 0) await hooks.onServerHolds(ids, 'pushed');
      return jsonResponse(body, res);
    }
    return res;
  };
}
