// Which data keys are open in this page, and how a user's key is brought back: with the password (always
// possible: the password-wrapped copy), with the OS keychain (desktop), or from another open tab of the app
// (web mode's print view). The wrapped copies are kept in the KeyValueStore (localStorage) under a name
// derived from (server, user) that reveals neither; nothing there opens without the password or keychain.

import type { KeyValueStore } from '../../platform/key-value-store';
import { userDataKey } from '../db/db-name';
import { DataKey, fromBase64, toBase64 } from './data-key';
import { isPasswordWrap, unwrapWithPassword, wrapWithPassword, type PasswordWrap } from './key-wrap';

/** The desktop's OS keychain (Electron safeStorage over IPC); absent in web mode. */
export interface Keychain {
  seal(secret: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

export interface KeyRecord {
  v: 1;
  password: PasswordWrap;
  /** The key sealed by the OS keychain; dropped at sign-out so a shared laptop's next user cannot open it. */
  keychain?: string;
}

export class WrongPasswordError extends Error {
  override readonly name = 'WrongPasswordError';
}

export const keyRecordName = (id: string): string => `tertib.datakey:${id}`;

export interface KeyringOptions {
  store: KeyValueStore;
  keychain: Keychain | null;
  /** Test seam for the PBKDF2 count; production uses key-wrap's default. */
  iterations?: number;
  /** Same-origin tabs of the app share open keys over this channel name (null: no sharing). */
  channelName?: string | null;
}

export interface Keyring {
  /** The open key of (server, user) in this page, or null. */
  current(server: string, user: string): Promise<DataKey | null>;
  /** True when a wrapped key for (server, user) is kept on this device. */
  hasRecord(server: string, user: string): Promise<boolean>;
  /**
   * Opens the user's key with the password, or, when this device keeps none for them, makes one. Throws
   * WrongPasswordError when a kept key does not open with this password. Seals it with the keychain too.
   */
  unlockWithPassword(server: string, user: string, password: string): Promise<DataKey>;
  /**
   * The server accepted this password but the kept key does not open with it (it was changed elsewhere):
   * remembered in memory until the previous password opens the key, which is then wrapped with this one.
   */
  rememberNewPassword(server: string, user: string, password: string): Promise<void>;
  /** True when this password opens the kept key (the idle lock's password check); does not change state. */
  checkPassword(server: string, user: string, password: string): Promise<boolean>;
  /** Desktop: opens the key with the OS keychain; null when there is no keychain copy or it cannot open. */
  unlockWithKeychain(server: string, user: string): Promise<DataKey | null>;
  /** Asks other open tabs of the app for the key (they answer only if they hold it open). */
  askOtherTabs(server: string, user: string, timeoutMs?: number): Promise<DataKey | null>;
  /** After the server accepted a new password: the open key is wrapped again with it. */
  rewrap(server: string, user: string, password: string): Promise<void>;
  /** Sign-out: closes the key in this page and drops the keychain copy; only the password opens it again. */
  lock(server: string, user: string): Promise<void>;
  /** Wipe: forgets every copy of the key; whatever it encrypted is unreadable from now on. */
  destroy(server: string, user: string): Promise<void>;
  /** While the screen is locked this page does not hand keys to other tabs (the lock would mean nothing). */
  setSharing(enabled: boolean): void;
}

interface ShareMessage {
  kind: 'ask' | 'key';
  id: string;
  raw?: string;
}

export function createKeyring(options: KeyringOptions): Keyring {
  const { store, keychain } = options;
  const open = new Map<string, DataKey>();
  const channel =
    options.channelName && typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(options.channelName) : null;
  const waiting = new Map<string, Array<(key: DataKey) => void>>();
  // A password the server accepted but the kept key did not open with (changed since): once the previous
  // password opens the key, it is wrapped again with the new one.
  const newPasswords = new Map<string, string>();
  let sharing = true;

  channel?.addEventListener('message', (event: MessageEvent<ShareMessage>) => {
    const msg = event.data;
    if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'string') return;
    if (msg.kind === 'ask') {
      const key = sharing ? open.get(msg.id) : undefined;
      if (key) channel.postMessage({ kind: 'key', id: msg.id, raw: toBase64(key.exportRaw()) } satisfies ShareMessage);
    } else if (msg.kind === 'key' && typeof msg.raw === 'string') {
      const resolvers = waiting.get(msg.id);
      if (!resolvers) return;
      waiting.delete(msg.id);
      void DataKey.fromRaw(fromBase64(msg.raw)).then((key) => resolvers.forEach((r) => r(key)));
    }
  });

  function readRecord(id: string): KeyRecord | null {
    const raw = store.getItem(keyRecordName(id));
    if (raw === null) return null;
    try {
      const value = JSON.parse(raw) as Partial<KeyRecord> | null;
      if (value?.v !== 1 || !isPasswordWrap(value.password)) return null;
      return typeof value.keychain === 'string'
        ? { v: 1, password: value.password, keychain: value.keychain }
        : { v: 1, password: value.password };
    } catch {
      return null;
    }
  }

  const writeRecord = (id: string, record: KeyRecord) => store.setItem(keyRecordName(id), JSON.stringify(record));

  async function sealWithKeychain(id: string, key: DataKey): Promise<void> {
    if (keychain === null) return;
    try {
      const sealed = await keychain.seal(toBase64(key.exportRaw()));
      const record = readRecord(id);
      if (record) writeRecord(id, { ...record, keychain: sealed });
    } catch {
      // No usable keychain: the password-wrapped copy is the only one (reopening asks for the password).
    }
  }

  return {
    async current(server, user) {
      return open.get(await userDataKey(server, user)) ?? null;
    },

    async hasRecord(server, user) {
      return readRecord(await userDataKey(server, user)) !== null;
    },

    async unlockWithPassword(server, user, password) {
      const id = await userDataKey(server, user);
      const record = readRecord(id);
      let key: DataKey;
      if (record === null) {
        key = await DataKey.generate();
        writeRecord(id, { v: 1, password: await wrapWithPassword(key, password, options.iterations) });
      } else {
        const unwrapped = await unwrapWithPassword(record.password, password);
        if (unwrapped === null) throw new WrongPasswordError('This password does not open the data on this device.');
        key = unwrapped;
      }
      open.set(id, key);
      const changed = newPasswords.get(id);
      newPasswords.delete(id);
      if (changed !== undefined && changed !== password) {
        writeRecord(id, { v: 1, password: await wrapWithPassword(key, changed, options.iterations) });
      }
      if (record?.keychain === undefined) await sealWithKeychain(id, key);
      return key;
    },

    async rememberNewPassword(server, user, password) {
      newPasswords.set(await userDataKey(server, user), password);
    },

    async checkPassword(server, user, password) {
      const record = readRecord(await userDataKey(server, user));
      return record !== null && (await unwrapWithPassword(record.password, password)) !== null;
    },

    async unlockWithKeychain(server, user) {
      if (keychain === null) return null;
      const id = await userDataKey(server, user);
      const sealed = readRecord(id)?.keychain;
      if (sealed === undefined) return null;
      try {
        const key = await DataKey.fromRaw(fromBase64(await keychain.open(sealed)));
        open.set(id, key);
        return key;
      } catch {
        return null;
      }
    },

    async askOtherTabs(server, user, timeoutMs = 400) {
      if (channel === null) return null;
      const id = await userDataKey(server, user);
      const key = await new Promise<DataKey | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), timeoutMs);
        const list = waiting.get(id) ?? [];
        list.push((k) => {
          clearTimeout(timer);
          resolve(k);
        });
        waiting.set(id, list);
        channel.postMessage({ kind: 'ask', id } satisfies ShareMessage);
      });
      if (key) open.set(id, key);
      return key;
    },

    async rewrap(server, user, password) {
      const id = await userDataKey(server, user);
      const key = open.get(id);
      if (!key) throw new Error('The data key is not open.');
      writeRecord(id, { v: 1, password: await wrapWithPassword(key, password, options.iterations) });
      await sealWithKeychain(id, key);
    },

    async lock(server, user) {
      const id = await userDataKey(server, user);
      open.delete(id);
      const record = readRecord(id);
      if (record?.keychain !== undefined) writeRecord(id, { v: 1, password: record.password });
    },

    async destroy(server, user) {
      const id = await userDataKey(server, user);
      open.delete(id);
      store.removeItem(keyRecordName(id));
    },

    setSharing(enabled) {
      sharing = enabled;
    },
  };
}
