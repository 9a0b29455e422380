import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenStore, type TokenCipher } from './token-store';

/** A reversible stand-in for safeStorage whose output never contains the plaintext. */
const fakeCipher = (unavailableReason: string | null = null): TokenCipher => ({
  unavailableReason,
  encrypt: (plain) => Buffer.from(`enc:${Buffer.from(plain).reverse().toString('hex')}`),
  decrypt: (data) => {
    const text = data.toString();
    if (!text.startsWith('enc:')) throw new Error('bad ciphertext');
    return Buffer.from(text.slice(4), 'hex').reverse().toString();
  },
});

const TOKEN = 'tertib-bearer-0123456789abcdef';
let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tertib-token-store-'));
  file = join(dir, 'nested', 'tokens.json');
});
const flatFile = (): string => join(dir, 'tokens.json');
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('token store with encryption', () => {
  it('round-trips, persists across instances, and never writes the plaintext', async () => {
    const store = createTokenStore({ file, cipher: fakeCipher(), log: () => {} });
    expect(store.persistent).toBe(true);
    expect(await store.get('http://127.0.0.1:4984')).toBeNull();
    await store.set('http://127.0.0.1:4984/', TOKEN);
    expect(await store.get('http://127.0.0.1:4984')).toBe(TOKEN);

    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain(TOKEN);
    expect(Object.keys((JSON.parse(onDisk) as { tokens: object }).tokens)).toEqual(['http://127.0.0.1:4984']);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o077).toBe(0);

    const reopened = createTokenStore({ file, cipher: fakeCipher(), log: () => {} });
    expect(await reopened.get('http://127.0.0.1:4984/any/path')).toBe(TOKEN);
  });

  it('keys tokens by server origin', async () => {
    const store = createTokenStore({ file, cipher: fakeCipher(), log: () => {} });
    await store.set('https://a.example', 'token-a');
    await store.set('https://b.example', 'token-b');
    expect(await store.get('https://A.example:443/')).toBe('token-a');
    expect(await store.get('http://a.example')).toBeNull();
    expect(await store.get('https://a.example:8443')).toBeNull();
    await store.clear('https://a.example/');
    expect(await store.get('https://a.example')).toBeNull();
    expect(await store.get('https://b.example')).toBe('token-b');
  });

  it.each([
    'not a url',
    'file:///etc/passwd',
    'https://u:p@a.example',
    'https://a.example/?x=1',
    '__proto__',
  ])('refuses server %j with invalid-server', async (server) => {
    const store = createTokenStore({ file, cipher: fakeCipher(), log: () => {} });
    await expect(store.set(server, TOKEN)).rejects.toMatchObject({ code: 'invalid-server' });
    await expect(store.get(server)).rejects.toMatchObject({ code: 'invalid-server' });
    await expect(store.clear(server)).rejects.toMatchObject({ code: 'invalid-server' });
  });

  it('survives a corrupt file', async () => {
    const log = vi.fn();
    await writeFile(flatFile(), '{not json');
    const store = createTokenStore({ file: flatFile(), cipher: fakeCipher(), log });
    expect(await store.get('https://a.example')).toBeNull();
    expect(log).toHaveBeenCalledOnce();
    await store.set('https://a.example', TOKEN);
    expect(
      await createTokenStore({ file: flatFile(), cipher: fakeCipher(), log }).get('https://a.example'),
    ).toBe(TOKEN);
  });

  it('drops a token it cannot decrypt (e.g. the OS keyring was reset)', async () => {
    const garbage = Buffer.from('garbage').toString('base64');
    await writeFile(flatFile(), JSON.stringify({ version: 1, tokens: { 'https://a.example': garbage } }));
    const store = createTokenStore({ file: flatFile(), cipher: fakeCipher(), log: () => {} });
    expect(await store.get('https://a.example')).toBeNull();
    expect(JSON.parse(await readFile(flatFile(), 'utf8'))).toEqual({ version: 1, tokens: {} });
  });

  it('ignores keys that are not server origins', async () => {
    await writeFile(
      flatFile(),
      JSON.stringify({
        version: 1,
        tokens: { __proto__: 'x', 'https://a.example/': 'x', 'https://b.example': 42 },
      }),
    );
    const store = createTokenStore({ file: flatFile(), cipher: fakeCipher(), log: () => {} });
    await store.set('https://c.example', 'token-c');
    const saved = JSON.parse(await readFile(flatFile(), 'utf8')) as { tokens: object };
    expect(Object.keys(saved.tokens)).toEqual(['https://c.example']);
  });

  it('serializes concurrent writes', async () => {
    const store = createTokenStore({ file, cipher: fakeCipher(), log: () => {} });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`https://s${i}.example`, `t${i}`)));
    const reopened = createTokenStore({ file, cipher: fakeCipher(), log: () => {} });
    for (let i = 0; i < 20; i++) expect(await reopened.get(`https://s${i}.example`)).toBe(`t${i}`);
  });
});

describe('token store without encryption', () => {
  it('keeps tokens in memory only, writes nothing, and says why', async () => {
    const log = vi.fn();
    const store = createTokenStore({ file, cipher: fakeCipher('no OS keyring'), log });
    expect(store.persistent).toBe(false);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('no OS keyring'));
    await store.set('https://a.example', TOKEN);
    expect(await store.get('https://a.example/')).toBe(TOKEN);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    await store.clear('https://a.example');
    expect(await store.get('https://a.example')).toBeNull();
    await expect(store.set('file:///x', TOKEN)).rejects.toMatchObject({ code: 'invalid-server' });
  });
});
