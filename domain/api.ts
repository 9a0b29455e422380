// Shapes of the sync-server's JSON API (`/api/*`), shared by the server and the renderer so the two
// cannot drift. Errors always come as `ApiError` with an HTTP status >= 400.

import type { Role } from './users';

export interface SessionUser {
  name: string;
  role: Role;
  team: string | null;
  region: string | null;
}

/** `POST /api/session` → 200. The cookie carries the same session for same-origin (web) clients. */
export interface LoginResponse {
  ok: true;
  user: SessionUser;
  /** Bearer token for cross-origin clients (the desktop app): `Authorization: Bearer <token>`. */
  token: string;
  /** ISO time the session ends. */
  expiresAt: string;
}

/** `GET /api/session` → 200 */
export interface SessionResponse {
  ok: true;
  user: SessionUser;
  expiresAt: string;
}

export interface HealthResponse {
  ok: true;
  backend: 'embedded' | 'couchdb';
  version: string;
}

/**
 * `error` is a stable machine code, `reason` a human sentence in English; the renderer maps the code to
 * its translated message.
 */
export type ApiErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'invalid_credentials'
  | 'account_disabled'
  | 'session_expired'
  | 'forbidden'
  | 'not_found'
  | 'too_many_requests'
  | 'payload_too_large'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export interface ApiError {
  ok: false;
  error: ApiErrorCode;
  reason: string;
}

/** `GET /api/users` (admin) → 200 */
export interface UserListResponse {
  ok: true;
  users: Array<SessionUser & { disabled: boolean }>;
}

/** `POST /api/users` (admin) body → 201 `{ ok: true, user }`; 409 `conflict`-style ApiError if the name exists. */
export interface CreateUserRequest {
  name: string;
  password: string;
  role: Role;
  team: string | null;
  region: string | null;
}

/** `POST /api/users/:name/disable` (admin) → 200 `{ ok: true }` */

/** `GET /api/categories` (any signed-in user) → 200. Clients cache it for offline capture. */
export interface CategoriesResponse {
  ok: true;
  categories: Array<{ id: string; label: { id: string; en: string }; active: boolean }>;
}

/** `GET /api/capture-settings` (any signed-in user) → 200. Clients cache it for offline capture. */
export interface CaptureSettingsResponse {
  ok: true;
  settings: {
    /** Most photos one report may carry (default 5). */
    maxPhotos: number;
    /** A fix worse than this (metres) asks for confirmation before saving (default 50). */
    accuracyThresholdM: number;
    /** Largest image file accepted for import, in bytes (default 40 MiB). */
    maxImportBytes: number;
  };
}
