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
