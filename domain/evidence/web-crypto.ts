// The Web Crypto API as both runtimes have it (Chromium and Node ≥ 20 expose `globalThis.crypto.subtle`
// with Ed25519 and SHA-256). domain/ is compiled without DOM or Node types, so the little it uses is
// declared here; nothing environment-specific is imported.

export interface EvidenceSubtle {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
  importKey(
    format: 'raw',
    keyData: Uint8Array,
    algorithm: { name: 'Ed25519' },
    extractable: boolean,
    usages: Array<'verify'>,
  ): Promise<unknown>;
  verify(
    algorithm: { name: 'Ed25519' },
    key: unknown,
    signature: Uint8Array,
    data: Uint8Array,
  ): Promise<boolean>;
}

interface Globals {
  crypto: { subtle: EvidenceSubtle };
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label?: string, options?: { fatal?: boolean }) => { decode(bytes: Uint8Array): string };
}

const globals = globalThis as unknown as Globals;

export const subtle = (): EvidenceSubtle => globals.crypto.subtle;

export const utf8 = (text: string): Uint8Array => new globals.TextEncoder().encode(text);

/** UTF-8 bytes to text; throws on bytes that are not UTF-8. */
export const fromUtf8 = (bytes: Uint8Array): string =>
  new globals.TextDecoder('utf-8', { fatal: true }).decode(bytes);

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  for (let i = 0; i < view.length; i++) out += (view[i] as number).toString(16).padStart(2, '0');
  return out;
}

export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  return toHex(await subtle().digest('SHA-256', typeof data === 'string' ? utf8(data) : data));
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += B64URL[a >> 2];
    out += B64URL[((a & 3) << 4) | ((b ?? 0) >> 4)];
    if (b !== undefined) out += B64URL[((b & 15) << 2) | ((c ?? 0) >> 6)];
    if (c !== undefined) out += B64URL[c & 63];
  }
  return out;
}

/** base64url without padding to bytes; null for anything else. */
export function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    value = (value << 6) | B64URL.indexOf(text.charAt(i));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  return out;
}

/** Does `signature` (base64url) by the raw Ed25519 `publicKey` (base64url) hold over `data`? */
export async function verifyEd25519(
  publicKey: string,
  data: Uint8Array,
  signature: string,
): Promise<boolean> {
  const key = fromBase64url(publicKey);
  const sig = fromBase64url(signature);
  if (!key || key.length !== 32 || !sig || sig.length !== 64) return false;
  try {
    const imported = await subtle().importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
    return await subtle().verify({ name: 'Ed25519' }, imported, sig, data);
  } catch {
    return false;
  }
}
