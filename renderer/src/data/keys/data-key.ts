// The per-user data key: 256 random bits that encrypt everything the app stores for one user on this
// device (issue 13). It never touches disk in the clear: `key-wrap.ts` wraps it with a key derived from the
// user's password, and the desktop app also with the OS keychain (Electron safeStorage).
//
// Two consumers, one key: RxDB's free `encryption-crypto-js` plugin takes a password string (the key's hex
// form, 64 characters of full entropy, so crypto-js's weak MD5 key stretching costs nothing here), and
// everything outside RxDB (vault attachments, the draft, caches) is sealed with WebCrypto AES-256-GCM.

const IV_BYTES = 12;
/** First byte of every sealed value: lets a later format be told apart from this one. */
const FORMAT_V1 = 1;

export class DataKeyError extends Error {
  override readonly name = 'DataKeyError';
}

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const asBytes = (data: ArrayBuffer | Uint8Array): Uint8Array<ArrayBuffer> =>
  data instanceof Uint8Array ? new Uint8Array(data) : new Uint8Array(data);

export class DataKey {
  private constructor(
    private readonly raw: Uint8Array<ArrayBuffer>,
    private readonly aes: CryptoKey,
  ) {}

  static async fromRaw(raw: Uint8Array): Promise<DataKey> {
    if (raw.length !== 32) throw new DataKeyError('A data key is 32 bytes.');
    const copy = new Uint8Array(raw);
    const aes = await crypto.subtle.importKey('raw', copy, 'AES-GCM', false, ['encrypt', 'decrypt']);
    return new DataKey(copy, aes);
  }

  static generate(): Promise<DataKey> {
    return DataKey.fromRaw(crypto.getRandomValues(new Uint8Array(32)));
  }

  /** The key as RxDB's encryption plugin takes it (a password string). */
  get rxdbPassword(): string {
    return toHex(this.raw);
  }

  /** A copy of the raw bytes, only for wrapping (key-wrap.ts) and handing to another tab of the app. */
  exportRaw(): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.raw);
  }

  /** `1 ‖ iv(12) ‖ AES-GCM(ciphertext ‖ tag)`: a fresh random IV per value. */
  async seal(plain: ArrayBuffer | Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, this.aes, asBytes(plain)));
    const out = new Uint8Array(1 + IV_BYTES + ct.length);
    out[0] = FORMAT_V1;
    out.set(iv, 1);
    out.set(ct, 1 + IV_BYTES);
    return out;
  }

  /** Throws DataKeyError when the value was not sealed with this key or was altered. */
  async open(sealed: ArrayBuffer | Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    const bytes = asBytes(sealed);
    if (bytes.length < 1 + IV_BYTES + 16 || bytes[0] !== FORMAT_V1) throw new DataKeyError('Not a sealed value.');
    try {
      const iv = bytes.subarray(1, 1 + IV_BYTES);
      return new Uint8Array(
        await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, this.aes, bytes.subarray(1 + IV_BYTES)),
      );
    } catch {
      throw new DataKeyError('The value does not open with this key.');
    }
  }

  async sealBlob(blob: Blob): Promise<Blob> {
    return new Blob([await this.seal(await blob.arrayBuffer())], { type: 'application/octet-stream' });
  }

  async openBlob(blob: Blob, type: string): Promise<Blob> {
    return new Blob([await this.open(await blob.arrayBuffer())], { type });
  }

  /** JSON sealed into a base64 string (for localStorage and RxDB local documents). */
  async sealJson(value: unknown): Promise<string> {
    return toBase64(await this.seal(new TextEncoder().encode(JSON.stringify(value))));
  }

  async openJson(sealed: string): Promise<unknown> {
    return JSON.parse(new TextDecoder().decode(await this.open(fromBase64(sealed)))) as unknown;
  }
}
