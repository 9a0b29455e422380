import { describe, expect, it, vi } from 'vitest';
import type { IpcChannel } from '../../domain/ipc';
import { IpcError, isValidRequest, runGuarded, senderRefusal, type IpcSender } from './ipc-guard';

const APP: IpcSender = { origin: 'app://tertib', isMainFrame: true };

describe('senderRefusal', () => {
  it('accepts the app origin in the top-level frame', () => {
    expect(senderRefusal(APP)).toBeNull();
  });

  it.each<[string, IpcSender | null | undefined]>([
    ['no frame (navigated away or destroyed)', null],
    ['undefined', undefined],
    ['a sub-frame of the app', { origin: 'app://tertib', isMainFrame: false }],
    ['a web page', { origin: 'https://evil.example', isMainFrame: true }],
    ['the sync-server', { origin: 'http://127.0.0.1:4984', isMainFrame: true }],
    ['file://', { origin: 'file://', isMainFrame: true }],
    ['opaque origin (sandboxed frame, data: URL)', { origin: 'null', isMainFrame: true }],
    ['empty origin', { origin: '', isMainFrame: true }],
    ['lookalike host', { origin: 'app://tertib.evil', isMainFrame: true }],
    ['lookalike prefix', { origin: 'app://tertibb', isMainFrame: true }],
    ['lookalike with credentials', { origin: 'app://tertib@evil', isMainFrame: true }],
    ['lookalike with port', { origin: 'app://tertib:80', isMainFrame: true }],
    ['trailing slash (a URL, not an origin)', { origin: 'app://tertib/', isMainFrame: true }],
    ['URL on the origin', { origin: 'app://tertib/index.html', isMainFrame: true }],
    ['upper case', { origin: 'APP://TERTIB', isMainFrame: true }],
    ['other scheme, same host', { origin: 'https://tertib', isMainFrame: true }],
    ['whitespace', { origin: ' app://tertib', isMainFrame: true }],
  ])('refuses %s', (_name, sender) => {
    expect(senderRefusal(sender)).toBe('forbidden');
  });
});

const withProto = JSON.parse('{"server":"https://a.example","__proto__":{"token":"x"}}') as unknown;
const nullProto = Object.assign(Object.create(null) as object, { server: 'https://a.example' });
class Impostor {
  server = 'https://a.example';
}
const throwingGetter = Object.defineProperty({}, 'server', {
  enumerable: true,
  get() {
    throw new Error('boom');
  },
});

describe('isValidRequest', () => {
  it.each<[IpcChannel, unknown]>([
    ['app:info', null],
    ['app:info', undefined],
    ['auth:token-get', { server: 'https://a.example' }],
    ['auth:token-set', { server: 'https://a.example', token: 't'.repeat(4096) }],
    ['auth:token-clear', { server: 'x'.repeat(2048) }],
    ['shell:open-external', { url: 'https://a.example/' }],
    [
      'notification:show',
      {
        title: 'Laporan diperbarui',
        body: 'Status: Disposisi',
        reportId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      },
    ],
    [
      'notification:show',
      { title: 't'.repeat(120), body: 'b'.repeat(500), reportId: '01JD2ZQ0K1V9XK6Y8W2T5N3R4S' },
    ],
  ])('accepts %s %j', (channel, request) => {
    expect(isValidRequest(channel, request)).toBe(true);
  });

  it.each<[string, IpcChannel, unknown]>([
    ['app:info with data', 'app:info', {}],
    ['app:info with a string', 'app:info', 'x'],
    ['missing argument', 'auth:token-get', undefined],
    ['null', 'auth:token-get', null],
    ['a bare string', 'auth:token-get', 'https://a.example'],
    ['an array', 'auth:token-get', ['https://a.example']],
    ['missing key', 'auth:token-set', { server: 'https://a.example' }],
    ['extra key', 'auth:token-get', { server: 'https://a.example', admin: true }],
    ['extra key on set', 'auth:token-set', { server: 'https://a.example', token: 't', path: '/etc' }],
    ['wrong type', 'auth:token-get', { server: 42 }],
    [
      'object for a string',
      'auth:token-set',
      { server: 'https://a.example', token: { toString: () => 't' } },
    ],
    ['empty string', 'auth:token-get', { server: '' }],
    ['oversized server', 'auth:token-get', { server: 'x'.repeat(2049) }],
    ['oversized token', 'auth:token-set', { server: 'https://a.example', token: 't'.repeat(4097) }],
    ['oversized url', 'shell:open-external', { url: `https://a.example/${'a'.repeat(4096)}` }],
    ['notification without report', 'notification:show', { title: 'a', body: 'b' }],
    [
      'notification with a path for a report id',
      'notification:show',
      { title: 'a', body: 'b', reportId: '../../../../etc/passwd-aaaaaaaaaaaaaaaaa' },
    ],
    [
      'oversized notification title',
      'notification:show',
      { title: 't'.repeat(121), body: 'b', reportId: '01JD2ZQ0K1V9XK6Y8W2T5N3R4S' },
    ],
    [
      'empty notification body',
      'notification:show',
      { title: 'a', body: '', reportId: '01JD2ZQ0K1V9XK6Y8W2T5N3R4S' },
    ],
    ['own __proto__ key', 'auth:token-get', withProto],
    ['null prototype', 'auth:token-get', nullProto],
    ['class instance', 'auth:token-get', new Impostor()],
    ['throwing getter', 'auth:token-get', throwingGetter],
    ['a Map', 'auth:token-get', new Map([['server', 'https://a.example']])],
  ])('refuses %s', (_name, channel, request) => {
    expect(isValidRequest(channel, request)).toBe(false);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'app:nope'])(
    'refuses channel %s',
    (channel) => {
      expect(isValidRequest(channel as IpcChannel, null)).toBe(false);
    },
  );
});

describe('runGuarded', () => {
  it('returns the value in an ok envelope', async () => {
    const handler = vi.fn(async () => 'token-1');
    await expect(
      runGuarded('auth:token-get', APP, { server: 'https://a.example' }, handler),
    ).resolves.toEqual({
      ok: true,
      value: 'token-1',
    });
    expect(handler).toHaveBeenCalledWith({ server: 'https://a.example' });
  });

  it('never runs the handler for a foreign sender, and logs the refusal', async () => {
    const handler = vi.fn(() => null);
    const log = vi.fn();
    const result = await runGuarded(
      'auth:token-clear',
      { origin: 'https://evil.example', isMainFrame: true },
      { server: 'https://a.example' },
      handler,
      log,
    );
    expect(result).toEqual({ ok: false, error: 'forbidden' });
    expect(handler).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledOnce();
  });

  it('never runs the handler for an invalid request', async () => {
    const handler = vi.fn(() => null);
    const result = await runGuarded(
      'auth:token-set',
      APP,
      { server: 'https://a.example', token: 1 },
      handler,
    );
    expect(result).toEqual({ ok: false, error: 'invalid-request' });
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes an IpcError code through', async () => {
    const result = await runGuarded('shell:open-external', APP, { url: 'file:///etc/passwd' }, () => {
      throw new IpcError('untrusted-url');
    });
    expect(result).toEqual({ ok: false, error: 'untrusted-url' });
  });

  it.each([
    ['a thrown Error', () => Promise.reject(new Error('EACCES: /home/officer/.config/Tertib/tokens.json'))],
    ['a thrown string', () => Promise.reject('secret detail')],
    [
      'a synchronous throw',
      () => {
        throw new TypeError('x is undefined');
      },
    ],
  ])('hides %s behind internal-error and logs it', async (_name, handler) => {
    const log = vi.fn();
    const result = await runGuarded('auth:token-get', APP, { server: 'https://a.example' }, handler, log);
    expect(result).toEqual({ ok: false, error: 'internal-error' });
    expect(log).toHaveBeenCalledOnce();
  });
});
