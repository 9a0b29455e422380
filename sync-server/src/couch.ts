import nano from 'nano';
import type { ServerScope } from 'nano';

export type Couch = ServerScope;

export function couchClient(url: string): Couch {
  // Basic auth from the URL on every request: the embedded backend's session cookie has no expiry, so nano's
  // cookie jar would drop it (DESIGN.md, known quirks), and Basic works the same on a real CouchDB.
  return nano({ url });
}

/** The HTTP status of an error thrown by nano, or undefined for a network failure. */
export function couchStatus(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function isNotFound(err: unknown): boolean {
  return couchStatus(err) === 404;
}

export function isConflict(err: unknown): boolean {
  return couchStatus(err) === 409;
}

export interface DbNames {
  /** TERTIB_DB_PREFIX: also scopes this deployment's accounts in the shared `_users` (domain/deployment-names.ts). */
  prefix: string;
  reports: string;
  events: string;
  photos: string;
  sessions: string;
  config: string;
  /** Server-made photo thumbnails (`thumb:<sha256>`), admin-only: clients get them through the gateway. */
  thumbnails: string;
  /** Server-only: the materialised report states the statistics views index (never under /db/). */
  states: string;
  /**
   * Server-only: what several sync-servers over one CouchDB share — worker leases (`lease:<name>`,
   * coordination/lease.ts) and the login throttle's counters (login-throttle.ts).
   */
  coordination: string;
  /** Server-only: the device registry (devices.ts), one document per device signing key. */
  devices: string;
  /** Server-only: signed receipts and checkpoints (evidence/evidence-store.ts). */
  evidence: string;
}

/** Client-facing database names map to the backend names, prefixed so deployments can share one CouchDB. */
export function dbNames(prefix: string): DbNames {
  return {
    prefix,
    reports: `${prefix}reports`,
    events: `${prefix}events`,
    photos: `${prefix}photos`,
    sessions: `${prefix}tertib_sessions`,
    config: `${prefix}tertib_config`,
    thumbnails: `${prefix}tertib_thumbnails`,
    states: `${prefix}tertib_report_states`,
    coordination: `${prefix}tertib_coordination`,
    devices: `${prefix}tertib_devices`,
    evidence: `${prefix}tertib_evidence`,
  };
}
