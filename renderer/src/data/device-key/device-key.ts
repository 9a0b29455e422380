// This device's signing key for the signed-in user (issue 11): an Ed25519 key pair made with WebCrypto at the
// first sign-in, the private half a non-extractable CryptoKey kept in IndexedDB (structured clone keeps a
// CryptoKey without ever exposing its bytes, in the browser and in Electron alike). Per (server, user), like
// the local database, so a laptop shared at a post holds one key per officer. The device id is made with
// the key: a new key (storage cleared) is a new device for the registry, never a changed one.
//
// Electron 45's Chromium (142) and any Chromium since 137 have Ed25519 in WebCrypto, so no JavaScript
// implementation is needed and the private key is never held as bytes by the app.

import { registrationStatement } from '../../../../domain/devices';
import { signingBytes } from '../../../../domain/evidence/signatures';
import { toBase64url } from '../../../../domain/evidence/web-crypto';
import { userDataKey } from '../db/db-name';

interface StoredKey {
  id: 'device';
  deviceId: string;
  publicKey: string;
  privateKey: CryptoKey;
  createdAt: string;
}

export interface DeviceSigner {
  /** The `deviceId` every document signed here carries; the registry's id for this key. */
  readonly deviceId: string;
  /** Raw public key, base64url. */
  readonly publicKey: string;
  /** The document with `deviceId` set and its `signature` (domain/evidence/signatures.ts). */
  sign<T extends object>(doc: T): Promise<T & { deviceId: string; signature: string }>;
  /** The proof that goes with a registration for `user` (domain/devices.ts registrationStatement). */
  proveRegistration(user: string): Promise<string>;
  /** A signature over a statement's UTF-8 (a contact or a wipe confirmation, domain/devices.ts). */
  signStatement(text: string): Promise<string>;
}

const STORE = 'keys';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

async function openKeyDb(name: string): Promise<IDBDatabase> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
  return request(open);
}

async function sign(key: CryptoKey, bytes: Uint8Array): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, key, bytes as Uint8Array<ArrayBuffer>)));
}

async function makeKey(): Promise<StoredKey> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  return {
    id: 'device',
    deviceId: crypto.randomUUID(),
    publicKey: toBase64url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))),
    privateKey: pair.privateKey,
    createdAt: new Date().toISOString(),
  };
}

/** A signer over a key pair held as CryptoKeys (the private one non-extractable). */
export function signerFor(key: Pick<StoredKey, 'deviceId' | 'publicKey' | 'privateKey'>): DeviceSigner {
  return {
    deviceId: key.deviceId,
    publicKey: key.publicKey,
    async sign(doc) {
      const withDevice = { ...doc, deviceId: key.deviceId } as Record<string, unknown>;
      delete withDevice.signature;
      const signature = await sign(key.privateKey, signingBytes(withDevice));
      return { ...withDevice, signature } as typeof doc & { deviceId: string; signature: string };
    },
    proveRegistration: (forUser) =>
      sign(key.privateKey, new TextEncoder().encode(registrationStatement(key.deviceId, forUser, key.publicKey))),
    signStatement: (text) => sign(key.privateKey, new TextEncoder().encode(text)),
  };
}

/** A new key pair for this device: the private key can sign but never be exported. */
export async function makeDeviceKey(): Promise<Pick<StoredKey, 'deviceId' | 'publicKey' | 'privateKey'>> {
  return makeKey();
}

/** The IndexedDB name of this user's key: not the server nor the user in clear, like the local database's. */
export const deviceKeyDbName = async (server: string, user: string): Promise<string> =>
  'tertib-key-' + (await userDataKey(server, user));

/** This device's key for (server, user), made on first use. Two tabs opening at once keep one key. */
export async function openDeviceSigner(server: string, user: string): Promise<DeviceSigner> {
  const db = await openKeyDb(await deviceKeyDbName(server, user));
  try {
    let stored = (await request(db.transaction(STORE).objectStore(STORE).get('device'))) as StoredKey | undefined;
    if (!stored) {
      const made = await makeKey();
      const tx = db.transaction(STORE, 'readwrite');
      // `add`, not `put`: if another tab stored a key meanwhile, this one fails and theirs is used.
      await request(tx.objectStore(STORE).add(made)).catch(() => undefined);
      stored = (await request(db.transaction(STORE).objectStore(STORE).get('device'))) as StoredKey;
    }
    return signerFor(stored);
  } finally {
    db.close();
  }
}

/**
 * This device's key for (server, user) if one exists, without making one (issue 13: the wipe watcher asks
 * about users who are signed out; it must never create a key for them).
 */
export async function findDeviceSigner(server: string, user: string): Promise<DeviceSigner | null> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return null;
  const name = await deviceKeyDbName(server, user);
  if (!(await indexedDB.databases()).some((d) => d.name === name)) return null;
  const db = await openKeyDb(name);
  try {
    const stored = (await request(db.transaction(STORE).objectStore(STORE).get('device'))) as StoredKey | undefined;
    return stored ? signerFor(stored) : null;
  } finally {
    db.close();
  }
}
