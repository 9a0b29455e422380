import { describe, expect, it } from 'vitest';
import { trustedExternalUrl } from './trusted-url';

describe('trustedExternalUrl', () => {
  it.each([
    ['https://jakarta.go.id/', 'https://jakarta.go.id/'],
    ['http://example.com', 'http://example.com/'],
    ['HTTPS://Example.COM/Path?q=1#frag', 'https://example.com/Path?q=1#frag'],
    [
      'https://www.openstreetmap.org/#map=18/-6.17/106.82',
      'https://www.openstreetmap.org/#map=18/-6.17/106.82',
    ],
    ['http://192.168.1.10:4984/public', 'http://192.168.1.10:4984/public'],
    ['http://localhost:4984/', 'http://localhost:4984/'],
    ['https://[::1]:8443/', 'https://[::1]:8443/'],
    ['https://example.com/a%20b', 'https://example.com/a%20b'],
  ])('opens %s', (raw, expected) => {
    expect(trustedExternalUrl(raw)).toBe(expected);
  });

  it.each([
    // other schemes: each is run by whatever the OS registered for it
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['java\tscript:alert(1)'],
    [' javascript:alert(1)'],
    ['vbscript:msgbox(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['file:///etc/passwd'],
    ['file://server/share/x.exe'],
    ['blob:app://tertib/1234'],
    ['app://tertib/index.html'],
    ['app://tertib.evil.example/'],
    ['ftp://example.com/'],
    ['smb://attacker/share'],
    ['ms-msdt:/id PCWDiagnostic'],
    ['search-ms:query=x'],
    ['mailto:someone@example.com'],
    ['tel:+62123'],
    ['chrome://settings'],
    ['devtools://devtools/bundled/inspector.html'],
    // malformed or parser-fixed-up http(s)
    ['https:example.com'],
    ['https:/example.com'],
    ['https:///example.com'],
    ['//example.com/'],
    ['example.com'],
    ['https://'],
    ['http://exa mple.com/'],
    ['https://example.com/\u0000'],
    ['https://example.com/\n'],
    ['https://example.com\\@evil.example/'],
    ['https:\\\\evil.example\\'],
    ['https://example.com/\u2028'],
    // credentials: `https://bank.example@evil.example` shows a bank and opens evil
    ['https://user:pass@example.com/'],
    ['https://jakarta.go.id@evil.example/'],
    ['https://:@example.com/'],
    // internationalized hosts: homograph lookalikes
    ['https://аpple.com/'],
    ['https://xn--pple-43d.com/'],
    ['https://jakarta.xn--p1ai/'],
    ['https://ｅｘａｍｐｌｅ.com/'],
    // hosts the parser rewrites: what is read is not what opens
    ['http://0x7f.1/'],
    ['http://2130706433/'],
    ['http://0177.0.0.1/'],
    ['https://example。com/'],
    // hosts that are not host names
    ['https://exa_mple.com/'],
    ['https://-example.com/'],
    [`https://${'a'.repeat(64)}.com/`],
    // size and type
    [`https://example.com/${'a'.repeat(2100)}`],
    [''],
    [null],
    [undefined],
    [42],
    [{ href: 'https://example.com/' }],
    [['https://example.com/']],
  ])('refuses %j', (raw) => {
    expect(trustedExternalUrl(raw)).toBeNull();
  });
});
