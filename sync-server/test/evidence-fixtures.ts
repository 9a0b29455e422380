import crypto from 'node:crypto';
import sharp from 'sharp';
import { registrationStatement } from '../../domain/devices';
import { SIGNED_PHOTO_FIELDS } from '../../domain/evidence/photo-documents';
import { documentHash, signingBytes } from '../../domain/evidence/signatures';
import { api } from './harness';

// A device as the app makes one (an Ed25519 key, registered for its user), for the evidence tests. The app
// keeps its private key non-extractable in IndexedDB; here Node's crypto holds it.

export interface TestDevice {
  id: string;
  user: string;
  publicKey: string;
  /** The document with its `deviceId` set to this device and its signature added. */
  sign<T extends Record<string, unknown>>(doc: T): T & { signature: string; deviceId: string };
  /** Registers the device with the server as `token`'s user; returns the HTTP status. */
  register(base: string, token: string): Promise<number>;
}

export function testDevice(user: string, id: string = crypto.randomUUID()): TestDevice {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'jwk' }).x as string;
  const signText = (bytes: Uint8Array) => crypto.sign(null, bytes, privateKey).toString('base64url');
  return {
    id,
    user,
    publicKey: raw,
    sign: (doc) => {
      const withDevice = { ...doc, deviceId: id };
      return { ...withDevice, signature: signText(signingBytes(withDevice)) };
    },
    register: async (base, token) =>
      (
        await api(base, 'POST', '/api/devices', {
          token,
          body: {
            id,
            publicKey: raw,
            name: `Test ${user}`,
            appVersion: '0.1.0',
            proof: signText(Buffer.from(registrationStatement(id, user, raw), 'utf8')),
          },
        })
      ).status,
  };
}

/** The chain fields of a new event: its report's hash and the latest event's hash (or null). */
export async function chainFields(
  report: Record<string, unknown>,
  prev: Record<string, unknown> | null,
): Promise<{ reportHash: string; prev: string | null }> {
  return { reportHash: await documentHash(report), prev: prev ? await documentHash(prev) : null };
}

/** A photo's bytes and sha256 (the test makes a real JPEG). */
export interface TestPhoto {
  bytes: Buffer;
  sha256: string;
}

/**
 * The photo document the app's vault makes for these bytes (domain/evidence/photo-documents.ts), signed by
 * `device`; unsigned when `device` is null. `extra` changes fields before signing.
 */
export function photoDocument(
  author: string,
  photo: TestPhoto,
  reportId: string,
  device: TestDevice | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = new Date().toISOString();
  const content = {
    type: 'photo',
    schemaVersion: 2,
    sha256: photo.sha256,
    bytes: photo.bytes.length,
    width: 64,
    height: 48,
    contentType: 'image/jpeg',
    author,
    storedAt: now,
    capturedAt: now,
    reportId,
    ...extra,
  };
  return device ? device.sign(content) : content;
}

/** Uploads the photo as the app does (sync-server photo-upload.ts): its document's fields as the query. */
export async function uploadPhoto(
  base: string,
  token: string,
  photo: TestPhoto,
  doc: Record<string, unknown>,
): Promise<Response> {
  const qs = new URLSearchParams({ rev: '1-' + photo.sha256.slice(0, 32) });
  for (const name of ['bytes', 'width', 'height', 'storedAt', ...SIGNED_PHOTO_FIELDS])
    if (doc[name] !== undefined) qs.set(name, String(doc[name]));
  return fetch(`${base}/db/photos/photo:${photo.sha256}/photo.jpg?${qs}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
    body: new Uint8Array(photo.bytes),
  });
}

/** A small real JPEG; seeds a few apart may give the same bytes (JPEG quantization): space them. */
export async function testJpeg(seed: number): Promise<TestPhoto> {
  const bytes = await sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: seed % 255, g: 90, b: 160 } },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
  return { bytes, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}
