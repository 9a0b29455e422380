import { describe, expect, it } from 'vitest';
import { parseServerAddress, type ServerAddressResult } from './server-address';

describe('parseServerAddress', () => {
  const table: Array<[string, ServerAddressResult]> = [
    ['http://127.0.0.1:4984', { ok: true, server: 'http://127.0.0.1:4984' }],
    ['  http://127.0.0.1:4984/  ', { ok: true, server: 'http://127.0.0.1:4984' }],
    ['https://Tertib.Jakarta.go.id', { ok: true, server: 'https://tertib.jakarta.go.id' }],
    ['https://tertib.example:443/', { ok: true, server: 'https://tertib.example' }],
    ['http://10.0.0.5:8080/tertib/', { ok: true, server: 'http://10.0.0.5:8080/tertib' }],
    ['http://[::1]:4984', { ok: true, server: 'http://[::1]:4984' }],
    ['', { ok: false, problem: 'empty' }],
    ['   ', { ok: false, problem: 'empty' }],
    ['127.0.0.1:4984', { ok: false, problem: 'invalid' }],
    ['localhost:4984', { ok: false, problem: 'invalid' }],
    ['tertib.example', { ok: false, problem: 'invalid' }],
    ['http://', { ok: false, problem: 'invalid' }],
    ['http://exa mple.com', { ok: false, problem: 'invalid' }],
    ['javascript:alert(1)', { ok: false, problem: 'scheme' }],
    ['JAVASCRIPT://%0Aalert(1)', { ok: false, problem: 'scheme' }],
    ['data:text/html,<script>alert(1)</script>', { ok: false, problem: 'scheme' }],
    ['file:///etc/passwd', { ok: false, problem: 'scheme' }],
    ['ftp://files.example', { ok: false, problem: 'scheme' }],
    ['ws://127.0.0.1:4984', { ok: false, problem: 'scheme' }],
    ['app://tertib/', { ok: false, problem: 'scheme' }],
    ['http://user:pass@evil.example', { ok: false, problem: 'credentials' }],
    ['http://tertib.example@evil.example', { ok: false, problem: 'credentials' }],
    ['http://tertib.example/?next=evil', { ok: false, problem: 'extra' }],
    ['http://tertib.example/#frag', { ok: false, problem: 'extra' }],
    ['http://tertib.example/?', { ok: false, problem: 'extra' }],
  ];

  it.each(table)('%j', (input, expected) => {
    expect(parseServerAddress(input)).toEqual(expected);
  });
});
