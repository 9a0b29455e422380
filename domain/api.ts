// Shapes of the sync-server's JSON API (`/api/*`), shared by the server and the renderer so the two
// cannot drift. Errors always come as `ApiError` with an HTTP status >= 400.

import type { Report } from './report';
import type { ReportEvent } from './report-events';
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
  /** Whether this server serves an offline basemap (TERTIB_BASEMAP, `GET /api/basemap.pmtiles`). */
  basemap?: boolean;
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
  /** The database refuses the credential the server derives for the account (see sync-server/src/users.ts). */
  | 'backend_credential'
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
    /**
     * Map tiles for the case screen: a Leaflet URL template (`{z}/{x}/{y}`), or null for a plain background
     * (the point and its accuracy circle still show). Older servers omit both fields.
     */
    tileUrl?: string | null;
    /** Credit for the tiles, plain text. */
    tileAttribution?: string | null;
  };
}

/**
 * `GET /api/areas` (any signed-in user) → 200: the deployment's administrative areas (Kemendagri codes from
 * `idn-area-data`), kota → kecamatan → kelurahan. Clients cache it for offline capture and filters.
 */
export interface AreasResponse {
  ok: true;
  /** Kemendagri province code the deployment covers, e.g. `31` (DKI Jakarta). */
  province: { code: string; name: string };
  kota: Array<{ code: string; name: string }>;
  kecamatan: Array<{ code: string; name: string; kotaCode: string }>;
  kelurahan: Array<{ code: string; name: string; kecamatanCode: string }>;
}

/** One bar of a chart: a key (status, category id, team slug, officer name, area code or `YYYY-MM-DD`) and its count. */
export interface CountRow {
  key: string;
  count: number;
}

/** A count row for an area (kota or kecamatan code) with its official Kemendagri name. */
export interface AreaCountRow extends CountRow {
  /** Reports without an area are counted under the key `-` (NO_AREA_KEY in report-stats.ts). */
  name: string;
}

/**
 * Per team or per officer: reports filed (by the filing team / author), cases handled to `selesai` (by the
 * assigned team / officer; unassigned cases by the filing team and author), median time from capture to
 * `selesai` over those cases.
 */
export interface PerformanceRow {
  key: string;
  filed: number;
  closed: number;
  /** Median milliseconds from capture to the `selesai` event over closed cases; null when none closed. */
  medianCloseMs: number | null;
}

/**
 * `GET /api/stats?from=YYYY-MM-DD&to=YYYY-MM-DD` (supervisor: their region; admin: everything) → 200.
 * Computed from CouchDB views over the server's materialised report states. Days are WIB days of the
 * reports' capture time; the range selects the reports filed in it (both ends included; either may be
 * left out). A group of reports linked as duplicates counts once (the report they were linked to).
 */
export interface StatsResponse {
  ok: true;
  /** ISO time the figures were read; clients show it beside cached figures while offline. */
  generatedAt: string;
  scope: { region: string | null };
  range: { from: string | null; to: string | null };
  total: number;
  resolved: number;
  rejected: number;
  /** resolved / (total − ditolak), 0..1; null when nothing counts. */
  shareResolved: number | null;
  medianCloseMs: number | null;
  byStatus: CountRow[];
  byCategory: CountRow[];
  byTeam: CountRow[];
  byDay: CountRow[];
  byKota: AreaCountRow[];
  teams: PerformanceRow[];
  officers: PerformanceRow[];
}

/**
 * `GET /api/public/stats` (no login) → 200. Aggregates only: never a name, a user id, a team, a
 * description, a photo or a location finer than the kecamatan; no cross-tabulation (e.g. day × area).
 * An area with fewer than `suppressBelow` reports is folded into `otherAreas`, so a small count cannot
 * single a person out.
 */
export interface PublicStatsResponse {
  ok: true;
  generatedAt: string;
  /**
   * The last WIB day counted (yesterday): reports captured today appear tomorrow, so watching the page
   * cannot tie one new report to its area, category and day as it arrives.
   */
  through: string;
  suppressBelow: number;
  total: number;
  resolved: number;
  rejected: number;
  shareResolved: number | null;
  /** `name` is the category's Indonesian label. */
  byCategory: Array<CountRow & { name: string }>;
  byStatus: CountRow[];
  byDay: CountRow[];
  /** Keyed by kecamatan code; `name` is the official name. Only areas with at least `suppressBelow` reports. */
  byArea: AreaCountRow[];
  /** Reports in areas under `suppressBelow`, summed. */
  otherAreas: number;
  /** Reports filed without an area. */
  withoutArea: number;
}

/**
 * `GET /api/cases/:reportId` (anyone who may read the report, including the team or officer it is assigned
 * to) → 200: the report with every event on it the caller may read, oldest first. 404 when the report does
 * not exist or the caller may not read it (the two are not told apart).
 */
export interface CaseResponse {
  ok: true;
  report: Report;
  events: ReportEvent[];
}

/**
 * `GET /api/directory` (supervisor: their region; admin: everyone) → 200: who a follow-up can be assigned to —
 * the active officers with their team, and the teams they form. Clients cache it for offline assignment.
 */
export interface DirectoryResponse {
  ok: true;
  officers: Array<{ name: string; team: string | null; region: string | null }>;
  teams: Array<{ team: string; region: string | null }>;
}

/** West, south, east, north in degrees (WGS 84). */
export type Bounds = [number, number, number, number];

/** The operator's basemap archive (PMTiles v3) as checked at start. */
export interface BasemapInfo {
  tileType: 'mvt' | 'png' | 'jpeg' | 'webp';
  minZoom: number;
  maxZoom: number;
  bounds: Bounds;
  /** Bytes of the whole archive. */
  size: number;
  /** Changes whenever the file does; the archive's URL carries it, so clients may cache it for good. */
  version: string;
  /** The archive's own credit line (its metadata), tags removed, or null. */
  attribution: string | null;
}

/**
 * `GET /api/basemap` (any signed-in user) → 200: the basemap, or null when none is configured (or the file
 * could not be used). `area` is the user's working area: their region's bounding box from the server's
 * configuration (TERTIB_REGION_BOUNDS), else the archive's bounds.
 */
export interface BasemapResponse {
  ok: true;
  basemap: (BasemapInfo & { url: string; area: Bounds }) | null;
}
