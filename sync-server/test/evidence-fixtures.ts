import crypto from 'node:crypto';
import { registrationStatement } from '../../domain/devices';
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
