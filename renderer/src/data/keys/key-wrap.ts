// Wrapping the data key with the user's password (web mode, and the desktop's fallback when the keychain is
// unavailable): PBKDF2-HMAC-SHA256 with OWASP's 2023 iteration count and a random salt derives an AES-GCM
// key that encrypts the 32 key bytes. WebCrypto has PBKDF2 built in; Argon2 would need a WASM library in the
// renderer for little gain at this count. A wrong password fails the GCM tag: nothing is guessed from it.

import { DataKey, fromBase64, toBase64 } from './data-key';

export const PBKDF2_ITERATIONS = 600_000;

export interface PasswordWrap {
  v: 1;
  kdf: 'PBKDF2-SHA256';
  iterations: number;
  salt: string;
  iv: string;
  wrapped: string;
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function wrapWithPassword(
  key: DataKey,
  password: string,
  iterations: number = PBKDF2_ITERATIONS,
): Promise<PasswordWrap> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapping = await derive(password, salt, iterations);
  const wrapped = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, wrapping, key.exportRaw()));
  return { v: 1, kdf: 'PBKDF2-SHA256', iterations, salt: toBase64(salt), iv: toBase64(iv), wrapped: toBase64(wrapped) };
}

/** The data key, or null when the password is not the one it was wrapped with. */
export async function unwrapWithPassword(wrap: PasswordWrap, password: string): Promise<DataKey | null> {
  const wrapping = await derive(password, fromBase64(wrap.salt), wrap.iterations);
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(wrap.iv) }, wrapping, fromBase64(wrap.wrapped)),
    );
  } catch {
    return null;
  }
  return DataKey.fromRaw(raw);
}

export function isPasswordWrap(v: unknown): v is PasswordWrap {
  const w = v as Partial<PasswordWrap> | null;
  return (
    typeof w === 'object' &&
    w !== null &&
    w.v === 1 &&
    w.kdf === 'PBKDF2-SHA256' &&
    typeof w.iterations === 'number' &&
    w.iterations >= 1 &&
    typeof w.salt === 'string' &&
    typeof w.iv === 'string' &&
    typeof w.wrapped === 'string'
  );
}
