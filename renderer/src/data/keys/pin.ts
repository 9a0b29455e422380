// The officer's short PIN for the idle lock (issue 13). It never protects the data key at rest — a 4–8 digit
// PIN falls to an offline search in minutes — it only lifts the idle lock of a session whose key is already
// open in memory. Its verifier (PBKDF2 of the PIN) is sealed with the data key, and after MAX_PIN_ATTEMPTS
// wrong tries the PIN is erased: only the full password unlocks, and the officer sets a new PIN after.

import type { KeyValueStore } from '../../platform/key-value-store';
import { fromBase64, toBase64, type DataKey } from './data-key';

export const MAX_PIN_ATTEMPTS = 5;
export const PIN_RE = /^[0-9]{4,8}$/;
const PIN_ITERATIONS = 100_000;

interface PinVerifier {
  salt: string;
  hash: string;
}

export type PinCheck = { ok: true } | { ok: false; attemptsLeft: number } | { ok: false; blocked: true };

async function pinHash(pin: string, salt: Uint8Array<ArrayBuffer>): Promise<string> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: PIN_ITERATIONS }, base, 256);
  return toBase64(new Uint8Array(bits));
}

export interface PinStore {
  isSet(): boolean;
  /** Throws on a PIN that is not 4–8 digits. */
  set(pin: string): Promise<void>;
  check(pin: string): Promise<PinCheck>;
  clear(): void;
}

/** `id` is the user's userDataKey; the records are named after it. */
export function createPinStore(store: KeyValueStore, key: DataKey, id: string): PinStore {
  const recordName = `tertib.pin:${id}`;
  const failsName = `tertib.pin-fails:${id}`;
  const fails = (): number => Number.parseInt(store.getItem(failsName) ?? '0', 10) || 0;
  const clear = () => {
    store.removeItem(recordName);
    store.removeItem(failsName);
  };

  return {
    isSet: () => store.getItem(recordName) !== null,

    async set(pin) {
      if (!PIN_RE.test(pin)) throw new Error('A PIN is 4 to 8 digits.');
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const verifier: PinVerifier = { salt: toBase64(salt), hash: await pinHash(pin, salt) };
      store.setItem(recordName, await key.sealJson(verifier));
      store.removeItem(failsName);
    },

    async check(pin) {
      const sealed = store.getItem(recordName);
      if (sealed === null) return { ok: false, blocked: true };
      let verifier: PinVerifier;
      try {
        verifier = (await key.openJson(sealed)) as PinVerifier;
      } catch {
        clear();
        return { ok: false, blocked: true };
      }
      // Counted before the check, so closing the app mid-check cannot give a free try.
      const tried = fails() + 1;
      store.setItem(failsName, String(tried));
      if (PIN_RE.test(pin) && (await pinHash(pin, fromBase64(verifier.salt))) === verifier.hash) {
        store.removeItem(failsName);
        return { ok: true };
      }
      if (tried >= MAX_PIN_ATTEMPTS) {
        clear();
        return { ok: false, blocked: true };
      }
      return { ok: false, attemptsLeft: MAX_PIN_ATTEMPTS - tried };
    },

    clear,
  };
}
