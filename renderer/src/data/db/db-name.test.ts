import { describe, expect, it } from 'vitest';
import { localDatabaseName, photoVaultName, userDataKey } from './db-name';

const SERVER = 'http://127.0.0.1:4984';

describe('per-user database names', () => {
  it('are the first 16 hex digits of sha256(server + "\\n" + user)', async () => {
    // Expected values from `printf 'http://127.0.0.1:4984\nani' | sha256sum`.
    expect(await userDataKey(SERVER, 'ani')).toBe('5eb252c5bf78b806');
    expect(await localDatabaseName(SERVER, 'ani')).toBe('tertib-enc-5eb252c5bf78b806');
    expect(await photoVaultName(SERVER, 'budi')).toBe('tertib-enc-photos-22b430a9328e4c11');
  });

  it('differ per user and per server, and are stable', async () => {
    const names = await Promise.all([
      localDatabaseName(SERVER, 'ani'),
      localDatabaseName(SERVER, 'budi'),
      localDatabaseName('http://10.0.0.2:4984', 'ani'),
      localDatabaseName('https://127.0.0.1:4984', 'ani'),
    ]);
    expect(new Set(names).size).toBe(names.length);
    expect(await localDatabaseName(SERVER, 'ani')).toBe(names[0]);
  });

  it('are valid RxDB and IndexedDB names whatever the inputs hold', async () => {
    const name = await localDatabaseName('http://[::1]:4984/sub path', 'o\'brien"<x>');
    expect(name).toMatch(/^tertib-enc-[0-9a-f]{16}$/);
  });

  it('refuse an empty server or user (no shared "anonymous" database)', async () => {
    await expect(userDataKey('', 'ani')).rejects.toThrow();
    await expect(userDataKey(SERVER, '')).rejects.toThrow();
  });
});
