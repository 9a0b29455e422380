import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../platform/key-value-store';
import { DataKey, DataKeyError } from './data-key';
import { unwrapWithPassword, wrapWithPassword } from './key-wrap';
import { createKeyring, keyRecordName, WrongPasswordError, type Keychain } from './keyring';
import { createPinStore, MAX_PIN_ATTEMPTS } from './pin';
import { userDataKey } from '../db/db-name';
import type { TertibBridge } from '../../../../domain/ipc';
import { keychainFromBridge } from './index';

const SERVER = 'http://127.0.0.1:4984';
const FAST = 1000; // PBKDF2 count for tests; the record carries it, production uses 600 000.

describe('DataKey', () => {
  it('seals with a fresh IV each time and opens only with the same key, untampered', async () => {
    const key = await DataKey.generate();
    const other = await DataKey.generate();
    const plain = new TextEncoder().encode('MARKER-rahasia');
    const a = await key.seal(plain);
    const b = await key.seal(plain);
    expect(a).not.toEqual(b);
    expect(new TextDecoder().decode(a)).not.toContain('MARKER');
    expect(await key.open(a)).toEqual(plain);
    await expect(other.open(a)).rejects.toBeInstanceOf(DataKeyError);
    const tampered = new Uint8Array(a);
    tampered[tampered.length - 1]! ^= 1;
    await expect(key.open(tampered)).rejects.toBeInstanceOf(DataKeyError);
    await expect(key.open(new Uint8Array(5))).rejects.toBeInstanceOf(DataKeyError);
    expect(await key.openJson(await key.sealJson({ d: 'x' }))).toEqual({ d: 'x' });
    expect(key.rxdbPassword).toMatch(/^[0-9a-f]{64}$/);
  });

  it('wraps with a password: the right one unwraps the same key, a wrong one gives null', async () => {
    const key = await DataKey.generate();
    const wrap = await wrapWithPassword(key, 'kata-sandi', FAST);
    expect(JSON.stringify(wrap)).not.toContain(key.rxdbPassword);
    expect((await unwrapWithPassword(wrap, 'kata-sandi'))?.rxdbPassword).toBe(key.rxdbPassword);
    expect(await unwrapWithPassword(wrap, 'Kata-sandi')).toBeNull();
    expect(await unwrapWithPassword(wrap, '')).toBeNull();
  });
});

describe('keyring', () => {
  it('makes a key on first sign-in, reopens it with the password only, and refuses a wrong one', async () => {
    const store = new MemoryStore();
    const first = createKeyring({ store, keychain: null, iterations: FAST });
    const key = await first.unlockWithPassword(SERVER, 'ani', 'rahasia1');
    expect((await first.current(SERVER, 'ani'))?.rxdbPassword).toBe(key.rxdbPassword);

    // A restart: nothing open; the password brings back the same key, a wrong password does not.
    const later = createKeyring({ store, keychain: null, iterations: FAST });
    expect(await later.current(SERVER, 'ani')).toBeNull();
    expect(await later.unlockWithKeychain(SERVER, 'ani')).toBeNull();
    await expect(later.unlockWithPassword(SERVER, 'ani', 'salah')).rejects.toBeInstanceOf(WrongPasswordError);
    expect(await later.checkPassword(SERVER, 'ani', 'salah')).toBe(false);
    expect(await later.checkPassword(SERVER, 'ani', 'rahasia1')).toBe(true);
    expect((await later.unlockWithPassword(SERVER, 'ani', 'rahasia1')).rxdbPassword).toBe(key.rxdbPassword);
  });

  it('keeps a keychain copy until sign-out; after sign-out only the password opens the key', async () => {
    const store = new MemoryStore();
    const sealed = new Map<string, string>();
    const keychain: Keychain = {
      seal: async (secret) => {
        const id = `k${sealed.size}`;
        sealed.set(id, secret);
        return btoa(id);
      },
      open: async (s) => {
        const v = sealed.get(atob(s));
        if (v === undefined) throw new Error('keychain-unavailable');
        return v;
      },
    };
    const a = createKeyring({ store, keychain, iterations: FAST });
    const key = await a.unlockWithPassword(SERVER, 'ani', 'rahasia1');
    const b = createKeyring({ store, keychain, iterations: FAST });
    expect((await b.unlockWithKeychain(SERVER, 'ani'))?.rxdbPassword).toBe(key.rxdbPassword);
    await b.lock(SERVER, 'ani');
    const c = createKeyring({ store, keychain, iterations: FAST });
    expect(await c.unlockWithKeychain(SERVER, 'ani')).toBeNull();
    expect((await c.unlockWithPassword(SERVER, 'ani', 'rahasia1')).rxdbPassword).toBe(key.rxdbPassword);
  });

  it('a keychain that cannot open its copy (lost) leaves the password copy: nothing is discarded', async () => {
    const store = new MemoryStore();
    let broken = false;
    const keychain: Keychain = {
      seal: async (s) => btoa(s),
      open: async (s) => {
        if (broken) throw new Error('keychain-unavailable');
        return atob(s);
      },
    };
    const key = await createKeyring({ store, keychain, iterations: FAST }).unlockWithPassword(SERVER, 'ani', 'pw-123456');
    broken = true;
    const after = createKeyring({ store, keychain, iterations: FAST });
    expect(await after.unlockWithKeychain(SERVER, 'ani')).toBeNull();
    expect(await after.hasRecord(SERVER, 'ani')).toBe(true);
    expect((await after.unlockWithPassword(SERVER, 'ani', 'pw-123456')).rxdbPassword).toBe(key.rxdbPassword);
  });

  it('after a password change elsewhere: the previous password opens the key, which is then wrapped with the new one', async () => {
    const store = new MemoryStore();
    const key = await createKeyring({ store, keychain: null, iterations: FAST }).unlockWithPassword(SERVER, 'ani', 'lama-111');
    const ring = createKeyring({ store, keychain: null, iterations: FAST });
    await expect(ring.unlockWithPassword(SERVER, 'ani', 'baru-222')).rejects.toBeInstanceOf(WrongPasswordError);
    await ring.rememberNewPassword(SERVER, 'ani', 'baru-222');
    await ring.unlockWithPassword(SERVER, 'ani', 'lama-111');
    const next = createKeyring({ store, keychain: null, iterations: FAST });
    expect((await next.unlockWithPassword(SERVER, 'ani', 'baru-222')).rxdbPassword).toBe(key.rxdbPassword);
  });

  it('destroy forgets every copy', async () => {
    const store = new MemoryStore();
    const ring = createKeyring({ store, keychain: null, iterations: FAST });
    await ring.unlockWithPassword(SERVER, 'ani', 'rahasia1');
    await ring.destroy(SERVER, 'ani');
    expect(store.getItem(keyRecordName(await userDataKey(SERVER, 'ani')))).toBeNull();
    expect(await ring.current(SERVER, 'ani')).toBeNull();
  });
});

describe('PIN', () => {
  it('unlocks with the right PIN; after the attempt limit it is erased and only the password works', async () => {
    const store = new MemoryStore();
    const key = await DataKey.generate();
    const pins = createPinStore(store, key, 'abc');
    await expect(pins.set('12')).rejects.toThrow();
    await pins.set('4321');
    expect(pins.isSet()).toBe(true);
    expect(await pins.check('4321')).toEqual({ ok: true });
    for (let i = 1; i < MAX_PIN_ATTEMPTS; i++) {
      expect(await pins.check('0000')).toEqual({ ok: false, attemptsLeft: MAX_PIN_ATTEMPTS - i });
    }
    expect(await pins.check('0000')).toEqual({ ok: false, blocked: true });
    expect(pins.isSet()).toBe(false);
    // Even the right PIN no longer opens.
    expect(await pins.check('4321')).toEqual({ ok: false, blocked: true });
  });

  it('a right PIN resets the count; the stored verifier shows neither the PIN nor its hash in the clear', async () => {
    const store = new MemoryStore();
    const key = await DataKey.generate();
    const pins = createPinStore(store, key, 'abc');
    await pins.set('13579');
    await pins.check('00000');
    await pins.check('00000');
    expect(await pins.check('13579')).toEqual({ ok: true });
    expect(await pins.check('00000')).toEqual({ ok: false, attemptsLeft: MAX_PIN_ATTEMPTS - 1 });
    expect(store.getItem('tertib.pin:abc')).not.toContain('13579');
  });
});

describe('the desktop keychain through the IPC contract (issue 13: a lost data key)', () => {
  /** The preload's answers as domain/ipc.ts defines them; `available` false = what main sends without safeStorage. */
  function bridge(state: { available: boolean }): Pick<TertibBridge, 'sealDataKey' | 'openDataKey'> {
    const refused = { ok: false as const, error: 'keychain-unavailable' };
    return {
      sealDataKey: async (secret) => (state.available ? { ok: true, value: `sealed(${btoa(secret)})` } : refused),
      openDataKey: async (sealed) =>
        state.available && sealed.startsWith('sealed(') ? { ok: true, value: atob(sealed.slice(7, -1)) } : refused,
    };
  }

  it('opens with the keychain while it works; once it is unavailable the password still opens the same data', async () => {
    const store = new MemoryStore();
    const state = { available: true };
    const keychain = keychainFromBridge(bridge(state));
    const key = await createKeyring({ store, keychain, iterations: FAST }).unlockWithPassword(SERVER, 'ani', 'pw-123456');
    expect((await createKeyring({ store, keychain, iterations: FAST }).unlockWithKeychain(SERVER, 'ani'))?.rxdbPassword).toBe(
      key.rxdbPassword,
    );

    state.available = false; // the OS keyring is gone (another login session, a wiped keyring, basic_text)
    const after = createKeyring({ store, keychain, iterations: FAST });
    // No silent new key: the keychain says nothing, the record is still there, so the unlock screen asks for
    // the password of the existing data (DataKeyGate: hasRecord) instead of starting empty.
    expect(await after.unlockWithKeychain(SERVER, 'ani')).toBeNull();
    expect(await after.hasRecord(SERVER, 'ani')).toBe(true);
    expect((await after.unlockWithPassword(SERVER, 'ani', 'pw-123456')).rxdbPassword).toBe(key.rxdbPassword);
  });

  it('a first sign-in without a keychain keeps the password-wrapped key only', async () => {
    const store = new MemoryStore();
    const keychain = keychainFromBridge(bridge({ available: false }));
    const key = await createKeyring({ store, keychain, iterations: FAST }).unlockWithPassword(SERVER, 'budi', 'pw-654321');
    const raw = store.getItem(keyRecordName(await userDataKey(SERVER, 'budi'))) ?? '';
    expect(raw).not.toContain('keychain');
    const again = createKeyring({ store, keychain, iterations: FAST });
    expect(await again.unlockWithKeychain(SERVER, 'budi')).toBeNull();
    expect((await again.unlockWithPassword(SERVER, 'budi', 'pw-654321')).rxdbPassword).toBe(key.rxdbPassword);
  });
});
