import { describe, expect, it } from 'vitest';
import { mimeTypeFor, resolveAppPath, resolveAppRequest } from './protocol-path';

describe('resolveAppPath', () => {
  it.each([
    ['/', 'index.html', false],
    ['/index.html', 'index.html', false],
    ['/assets/index-B2x9.js', 'assets/index-B2x9.js', false],
    ['/assets/logo%20besar.svg', 'assets/logo besar.svg', false],
    ['/locales/id/translation.json', 'locales/id/translation.json', false],
    // client-side routes: no extension, or a trailing slash → index.html when there is no such file
    ['/reports', 'reports', true],
    ['/reports/01HX3K9Z7Q', 'reports/01HX3K9Z7Q', true],
    ['/review/', 'review', true],
  ])('%s → %s (route fallback %s)', (raw, file, routeFallback) => {
    expect(resolveAppPath(raw)).toEqual({ ok: true, file, routeFallback });
  });

  it.each([
    // traversal, plain and encoded in every case and depth
    ['/..'],
    ['/../etc/passwd'],
    ['/assets/../../etc/passwd'],
    ['/assets/..'],
    ['/./index.html'],
    ['/%2e%2e/etc/passwd'],
    ['/%2E%2E/etc/passwd'],
    ['/%2e./secret'],
    ['/.%2e/secret'],
    ['/assets/%2e%2e/%2e%2e/main.cjs'],
    ['/..%2f..%2fetc%2fpasswd'],
    ['/..%2F..%2Fetc%2Fpasswd'],
    ['/%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    // double encoding: decoded once, a '%' must not remain
    ['/%252e%252e/etc/passwd'],
    ['/%25'],
    // absolute paths and empty segments
    ['//etc/passwd'],
    ['/%2fetc/passwd'],
    ['/assets//x.js'],
    ['etc/passwd'],
    [''],
    // Windows separators, drives, UNC, alternate data streams
    ['/..\\..\\windows\\win.ini'],
    ['/%5c..%5cwin.ini'],
    ['/C:/Windows/win.ini'],
    ['/c%3a/windows/win.ini'],
    ['/\\\\server\\share'],
    ['/index.html::$DATA'],
    // NUL and other control characters
    ['/index.html%00.png'],
    ['/index.html\u0000'],
    ['/a%0d%0aSet-Cookie:x'],
    ['/a%7f'],
    // malformed encoding, hidden files, size
    ['/%'],
    ['/%zz'],
    ['/%e0%a4%a'],
    ['/.env'],
    ['/.vite/manifest.json'],
    ['/assets/.hidden'],
    [`/${'a/'.repeat(600)}x.js`],
  ])('refuses %j', (raw) => {
    expect(resolveAppPath(raw).ok).toBe(false);
  });
});

describe('resolveAppRequest', () => {
  it('serves the app origin', () => {
    expect(resolveAppRequest('app://tertib/assets/a.js?v=1#x')).toEqual({
      ok: true,
      file: 'assets/a.js',
      routeFallback: false,
    });
    expect(resolveAppRequest('app://tertib')).toEqual({ ok: true, file: 'index.html', routeFallback: false });
  });

  it.each([
    ['app://other/index.html'],
    ['app://tertib.evil/index.html'],
    ['app://tertib:8080/index.html'],
    ['app://user@tertib/index.html'],
    ['app://user:pw@tertib/index.html'],
    ['https://tertib/index.html'],
    ['file:///index.html'],
    ['not a url'],
    ['app://tertib/%2e%2e/%2e%2e/etc/passwd'],
    ['app://tertib/..%2f..%2fetc/passwd'],
    ['app://tertib/%00'],
  ])('refuses %s', (url) => {
    expect(resolveAppRequest(url).ok).toBe(false);
  });
});

describe('mimeTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['assets/index-abc.CSS', 'text/css; charset=utf-8'],
    ['assets/font.woff2', 'font/woff2'],
    ['assets/logo.svg', 'image/svg+xml'],
    ['assets/sql.wasm', 'application/wasm'],
    ['README', 'application/octet-stream'],
    ['assets/x.exe', 'application/octet-stream'],
    ['assets/x.constructor', 'application/octet-stream'],
    ['assets/x.__proto__', 'application/octet-stream'],
  ])('%s → %s', (file, type) => {
    expect(mimeTypeFor(file)).toBe(type);
  });
});
