// The device registry (issue 11, shared with issue 13): every signing key a device made for a user, known to
// the server, so the gateway can check the signatures on what that device sends and administrators can
// revoke a lost or stolen device. Pure shapes and checks, used by the sync-server and the renderer.

import { APP_VERSION_RE, DEVICE_ID_RE, ISO_TIME_RE, SIGNATURE_RE, matches } from './formats';

/** Ed25519 public keys travel as the 32 raw bytes in base64url without padding: 43 characters. */
export const PUBLIC_KEY_RE = '^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$';

export const SIGNATURE_ALGORITHM = 'Ed25519';

export const DEVICE_NAME_MAX = 120;
export const REVOKE_REASON_MAX = 500;

export interface DeviceRevocation {
  /** ISO time the server recorded the revocation; a document the server receives after it is refused. */
  at: string;
  /** The administrator (or `cli`) who revoked it. */
  by: string;
  reason: string;
}

/**
 * What the device last said it still holds unsent (issue 13 fills it from each sync); null until then.
 * Kept open: issue 13 adds what it needs.
 */
export interface DeviceBacklog {
  reports: number;
  photos: number;
  /** ISO time of the oldest unsent item, null when nothing is unsent. */
  oldestAt: string | null;
  /** ISO time the device reported these counts. */
  reportedAt: string;
}

/** One device as the server knows it. The id is the `deviceId` the device puts in what it signs. */
export interface DeviceRecord {
  id: string;
  user: string;
  algorithm: typeof SIGNATURE_ALGORITHM;
  publicKey: string;
  /** Host name or browser the device gave, for people to recognise it; never trusted for anything. */
  name: string;
  appVersion: string;
  firstContact: string;
  lastContact: string;
  revoked: DeviceRevocation | null;
  backlog: DeviceBacklog | null;
  /** The wipe the server ordered for this device (issue 13), null when none. */
  wipe: WipeOrder | null;
  /** The device's confirmation that it wiped, null until it arrives. */
  wipeConfirmed: WipeConfirmation | null;
}

/** `POST /api/devices` (any signed-in user): register this device's key for the signed-in user, or refresh it. */
export interface RegisterDeviceRequest {
  id: string;
  publicKey: string;
  name: string;
  appVersion: string;
  /**
   * Ed25519 signature (base64url) by the private key over `registrationStatement(id, user, publicKey)`:
   * proves the device holds the key (and that the key is a real one) for this account.
   */
  proof: string;
}

export const isSignature = (v: unknown): v is string => typeof v === 'string' && matches(SIGNATURE_RE, v);

/** The bytes a device signs to register its key for `user` (UTF-8 of this text). */
export function registrationStatement(id: string, user: string, publicKey: string): string {
  return `tertib-device-registration\n${id}\n${user}\n${publicKey}`;
}

/** `POST /api/devices` → 200 (known already) or 201 (new) `{ ok: true, device }`. */
export interface DeviceResponse {
  ok: true;
  device: DeviceRecord;
}

/** `GET /api/devices[?user=NAME]` (admin) → 200. */
export interface DeviceListResponse {
  ok: true;
  devices: DeviceRecord[];
}

/** `POST /api/devices/:id/revoke` (admin) body → 200 `DeviceResponse`. */
export interface RevokeDeviceRequest {
  reason: string;
}

export const isDeviceId = (v: unknown): v is string => typeof v === 'string' && matches(DEVICE_ID_RE, v);
export const isPublicKey = (v: unknown): v is string => typeof v === 'string' && matches(PUBLIC_KEY_RE, v);
export const isAppVersion = (v: unknown): v is string => typeof v === 'string' && matches(APP_VERSION_RE, v);
export const isIsoTime = (v: unknown): v is string => typeof v === 'string' && matches(ISO_TIME_RE, v);

/** Printable text without control characters, trimmed, at most `max` characters; else null. */
export function cleanLabel(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const text = v.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return text.length > 0 && text.length <= max ? text : null;
}

/** Checks a registration body; the error names the first bad field. */
export function parseRegisterDevice(
  body: unknown,
): { ok: true; value: RegisterDeviceRequest } | { ok: false; error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, error: 'Send a JSON object {"id","publicKey","name","appVersion"}.' };
  const b = body as Record<string, unknown>;
  if (!isDeviceId(b.id)) return { ok: false, error: 'id must be a device id (letters, digits, . _ : -).' };
  if (!isPublicKey(b.publicKey))
    return { ok: false, error: 'publicKey must be a raw Ed25519 public key in base64url (43 characters).' };
  const name = cleanLabel(b.name, DEVICE_NAME_MAX);
  if (name === null) return { ok: false, error: `name must be text of 1 to ${DEVICE_NAME_MAX} characters.` };
  if (!isAppVersion(b.appVersion)) return { ok: false, error: 'appVersion must be a version such as 1.4.0.' };
  if (!isSignature(b.proof)) return { ok: false, error: 'proof must be an Ed25519 signature in base64url.' };
  return {
    ok: true,
    value: { id: b.id, publicKey: b.publicKey, name, appVersion: b.appVersion, proof: b.proof },
  };
}

// ---- Issue 13: backlog at each contact, remote wipe and its confirmation ----------------------------------

/**
 * How a wipe is carried out. `handover`: the laptop is handed over normally, so the device first sends what it
 * still holds, then signs out and wipes the user's data. `lost`: reported lost or stolen, so it wipes at once
 * and sends nothing more.
 */
export type WipeMode = 'handover' | 'lost';
export const WIPE_MODES: readonly WipeMode[] = ['handover', 'lost'];
export const isWipeMode = (v: unknown): v is WipeMode => v === 'handover' || v === 'lost';

/** What made the server order a wipe: an administrator's action, or the account being disabled. */
export type WipeCause = 'order' | 'account-disabled';

/** A wipe the server ordered for one device (kept on its registry record, first order wins). */
export interface WipeOrder {
  /** ISO time the server recorded the order; it also names the order in the device's confirmation. */
  at: string;
  /** The administrator (or `cli`, or `system` for a disabled account). */
  by: string;
  mode: WipeMode;
  reason: string;
  cause: WipeCause;
}

/** The device's signed word that it carried out the order (docs/device-wipe.md). */
export interface WipeConfirmation {
  /** ISO time the server received it. */
  receivedAt: string;
  /** ISO time the device says it wiped (its own clock). */
  wipedAt: string;
  /**
   * What was still unsent when the device wiped: nothing in `handover` unless the server refused it; null
   * when the device wiped while signed out (its data locked, so it could not count).
   */
  unsentReports: number | null;
  unsentPhotos: number | null;
}

/**
 * `POST /api/devices/:id/contact` — no session needed: the device's registered key is the credential, so a
 * device whose session ended (account disabled, token expired) still learns that it must wipe.
 */
export interface DeviceContactRequest {
  user: string;
  /** The device's clock when it signed; a contact older than the last one kept does not overwrite it. */
  at: string;
  appVersion: string;
  /** Unsent reports and photos; null when the device cannot count them (signed out, its data locked). */
  reports: number | null;
  photos: number | null;
  /** ISO time of the oldest unsent report (saved on the device), null when nothing is unsent. */
  oldestAt: string | null;
  signature: string;
}

/** → 200 `{ ok, order }`: null while the device may go on; otherwise what it must do. */
export interface DeviceContactResponse {
  ok: true;
  order: WipeOrder | null;
}

/** `POST /api/devices/:id/wipe-confirmation` — again signed by the device's key (signed before it is deleted). */
export interface WipeConfirmationRequest {
  user: string;
  orderedAt: string;
  wipedAt: string;
  /** Null when the device could not count (it wiped while signed out, its data locked). */
  unsentReports: number | null;
  unsentPhotos: number | null;
  signature: string;
}

/** `POST /api/devices/:id/wipe` (admin) body → 200 `DeviceResponse`. */
export interface OrderWipeRequest {
  mode: WipeMode;
  reason: string;
}

/** The bytes a device signs for a contact (UTF-8 of this text). */
export function contactStatement(id: string, c: Omit<DeviceContactRequest, 'signature'>): string {
  return [
    'tertib-device-contact',
    id,
    c.user,
    c.at,
    c.appVersion,
    String(c.reports ?? '-'),
    String(c.photos ?? '-'),
    c.oldestAt ?? '-',
  ].join('\n');
}

/** The bytes a device signs to confirm a wipe (UTF-8 of this text). */
export function wipeConfirmationStatement(id: string, c: Omit<WipeConfirmationRequest, 'signature'>): string {
  return [
    'tertib-device-wipe-confirmation',
    id,
    c.user,
    c.orderedAt,
    c.wipedAt,
    String(c.unsentReports ?? '-'),
    String(c.unsentPhotos ?? '-'),
  ].join('\n');
}

/** A count, or null for "could not count" (a device whose data is locked). */
const isCount = (v: unknown): v is number | null =>
  v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1e7);
const isUser = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

export function parseDeviceContact(
  body: unknown,
): { ok: true; value: DeviceContactRequest } | { ok: false; error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return {
      ok: false,
      error: 'Send a JSON object {"user","at","appVersion","reports","photos","oldestAt","signature"}.',
    };
  const b = body as Record<string, unknown>;
  if (!isUser(b.user)) return { ok: false, error: 'user must be the account the device is registered to.' };
  if (!isIsoTime(b.at)) return { ok: false, error: 'at must be an ISO time.' };
  if (!isAppVersion(b.appVersion)) return { ok: false, error: 'appVersion must be a version such as 1.4.0.' };
  if (!isCount(b.reports) || !isCount(b.photos))
    return { ok: false, error: 'reports and photos must be counts (whole numbers from 0) or null.' };
  if (!(b.oldestAt === null || isIsoTime(b.oldestAt)))
    return { ok: false, error: 'oldestAt must be an ISO time or null.' };
  if (!isSignature(b.signature))
    return { ok: false, error: 'signature must be an Ed25519 signature in base64url.' };
  return {
    ok: true,
    value: {
      user: b.user,
      at: b.at,
      appVersion: b.appVersion,
      reports: b.reports,
      photos: b.photos,
      oldestAt: b.oldestAt,
      signature: b.signature,
    },
  };
}

export function parseWipeConfirmation(
  body: unknown,
): { ok: true; value: WipeConfirmationRequest } | { ok: false; error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return {
      ok: false,
      error: 'Send a JSON object {"user","orderedAt","wipedAt","unsentReports","unsentPhotos","signature"}.',
    };
  const b = body as Record<string, unknown>;
  if (!isUser(b.user)) return { ok: false, error: 'user must be the account the device is registered to.' };
  if (!isIsoTime(b.orderedAt) || !isIsoTime(b.wipedAt))
    return { ok: false, error: 'orderedAt and wipedAt must be ISO times.' };
  if (!isCount(b.unsentReports) || !isCount(b.unsentPhotos))
    return { ok: false, error: 'unsentReports and unsentPhotos must be counts or null.' };
  if (!isSignature(b.signature))
    return { ok: false, error: 'signature must be an Ed25519 signature in base64url.' };
  return {
    ok: true,
    value: {
      user: b.user,
      orderedAt: b.orderedAt,
      wipedAt: b.wipedAt,
      unsentReports: b.unsentReports,
      unsentPhotos: b.unsentPhotos,
      signature: b.signature,
    },
  };
}

/** The *Perangkat* screen's, the CLI's and `GET /api/devices`' filters. */
export interface DeviceFilter {
  /** Only devices whose oldest unsent report is older than this many hours (e.g. 24). */
  unsentOlderThanHours?: number;
  /** Only devices not seen for this many days (e.g. 7). */
  notSeenForDays?: number;
}

const HOUR_MS = 60 * 60 * 1000;

/** Does the device pass the filter at `now`? A device that never reported a backlog has nothing unsent known. */
export function deviceMatches(d: DeviceRecord, filter: DeviceFilter, now: Date): boolean {
  const t = now.getTime();
  if (filter.unsentOlderThanHours !== undefined) {
    const b = d.backlog;
    if (!b || b.reports === 0 || b.oldestAt === null) return false;
    if (t - Date.parse(b.oldestAt) <= filter.unsentOlderThanHours * HOUR_MS) return false;
  }
  if (filter.notSeenForDays !== undefined) {
    if (t - Date.parse(d.lastContact) <= filter.notSeenForDays * 24 * HOUR_MS) return false;
  }
  return true;
}

/** The filter from query text (`?unsentOlderThanHours=24&notSeenForDays=7`); an error names a bad one. */
export function parseDeviceFilter(
  q: Record<string, unknown>,
): { ok: true; value: DeviceFilter } | { ok: false; error: string } {
  const value: DeviceFilter = {};
  for (const key of ['unsentOlderThanHours', 'notSeenForDays'] as const) {
    const raw = q[key];
    if (raw === undefined) continue;
    const n = typeof raw === 'string' && /^[0-9]{1,5}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(n)) return { ok: false, error: `${key} must be a whole number.` };
    value[key] = n;
  }
  return { ok: true, value };
}
