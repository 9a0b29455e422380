// The desktop client's bearer tokens for sync-servers, one per server origin, kept by the main process so
// the renderer never persists them. On disk they exist only encrypted (Electron's safeStorage, behind the
// TokenCipher interface so this module has no `electron` import and is tested with a fake cipher). When
// the OS offers no real encryption, tokens live in memory for this run only: never plaintext on disk.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IpcError } from '../common/ipc-guard';
import { serverOrigin } from '../common/server-address';

export interface TokenCipher {
  /** Why encryption cannot be used (the store then keeps tokens in memory only), or null when it can. */
  readonly unavailableReason: string | null;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

export interface TokenStore {
  /** True when tokens survive a restart (encrypted on disk), false when they are kept in memory only. */
  readonly persistent: boolean;
  get(server: string): Promise<string | null>;
  set(server: string, token: string): Promise<void>;
  clear(server: string): Promise<void>;
}

export interface TokenStoreOptions {
  /** The token file, e.g. `<userData>/tokens.json`. */
  file: string;
  cipher: TokenCipher;
  log: (message: string) => void;
}

interface TokenFile {
  version: 1;
  /** server origin → base64 of the safeStorage ciphertext */
  tokens: Record<string, string>;
}

function keyFor(server: string): string {
  const origin = serverOrigin(server);
  if (origin === null) throw new IpcError('invalid-server');
  return origin;
}

export function createTokenStore(options: TokenStoreOptions): TokenStore {
  const { cipher, log } = options;
  if (cipher.unavailableReason !== null) {
    log(`token store: encryption unavailable (${cipher.unavailableReason}); tokens are kept in memory only`);
    return createMemoryStore();
  }
  return createEncryptedFileStore(options);
}

function createMemoryStore(): TokenStore {
  const tokens = new Map<string, string>();
  return {
    persistent: false,
    get: async (server) => tokens.get(keyFor(server)) ?? null,
    set: async (server, token) => {
      tokens.set(keyFor(server), token);
    },
    clear: async (server) => {
      tokens.delete(keyFor(server));
    },
  };
}

function createEncryptedFileStore({ file, cipher, log }: TokenStoreOptions): TokenStore {
  let cache: Map<string, string> | null = null;
  // Writes are chained so two quick calls cannot interleave their read-modify-write.
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Map<string, string>> {
    if (cache !== null) return cache;
    const entries = new Map<string, string>();
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<TokenFile>;
      const tokens = parsed.version === 1 && typeof parsed.tokens === 'object' ? parsed.tokens : null;
      for (const [origin, value] of Object.entries(tokens ?? {})) {
        if (typeof value === 'string' && serverOrigin(origin) === origin) entries.set(origin, value);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        log(`token store: ignoring unreadable ${file}: ${String(error)}`);
      }
    }
    cache = entries;
    return entries;
  }

  async function save(entries: Map<string, string>): Promise<void> {
    const body: TokenFile = { version: 1, tokens: Object.fromEntries(entries) };
    await mkdir(dirname(file), { recursive: true });
    // Write then rename: a crash mid-write leaves the old file, never a truncated one.
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, JSON.stringify(body, null, 2), { mode: 0o600 });
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  function serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  }

  return {
    persistent: true,
    get: async (server) => {
      const key = keyFor(server);
      return serialized(async () => {
        const entries = await load();
        const stored = entries.get(key);
        if (stored === undefined) return null;
        try {
          return cipher.decrypt(Buffer.from(stored, 'base64'));
        } catch (error) {
          // E.g. the OS keyring was reset: the token is unrecoverable, so forget it; the user logs in again.
          log(`token store: cannot decrypt the token for ${key}, dropping it: ${String(error)}`);
          entries.delete(key);
          await save(entries);
          return null;
        }
      });
    },
    set: async (server, token) => {
      const key = keyFor(server);
      return serialized(async () => {
        const entries = await load();
        entries.set(key, cipher.encrypt(token).toString('base64'));
        await save(entries);
      });
    },
    clear: async (server) => {
      const key = keyFor(server);
      return serialized(async () => {
        const entries = await load();
        if (entries.delete(key)) await save(entries);
      });
    },
  };
}
