import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_DIRECTIVES,
  parseContentSecurityPolicy,
} from './content-security-policy';

const header = parseContentSecurityPolicy(CONTENT_SECURITY_POLICY);

describe('CONTENT_SECURITY_POLICY', () => {
  it('serializes every directive', () => {
    expect([...header.keys()]).toEqual(Object.keys(CONTENT_SECURITY_POLICY_DIRECTIVES));
  });

  it('allows no inline or evaluated code and no plugins, frames or embedding', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval|hashes)|wasm-unsafe-eval|\*/);
    expect(header.get('object-src')).toEqual(["'none'"]);
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
    expect(header.get('frame-src')).toEqual(["'none'"]);
    expect(header.get('base-uri')).toEqual(["'none'"]);
  });

  // Both the header and the renderer's <meta> policy are enforced; if they disagree, the stricter one
  // wins silently. Keep them equal on every directive the meta tag sets.
  const indexHtml = new URL('../../renderer/index.html', import.meta.url);
  it.runIf(existsSync(indexHtml))('matches the renderer <meta> policy', () => {
    const html = readFileSync(indexHtml, 'utf8');
    const content = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];
    expect(content, 'renderer/index.html has a CSP meta tag').toBeDefined();
    for (const [name, sources] of parseContentSecurityPolicy(content ?? '')) {
      expect(header.get(name), `header directive ${name}`).toEqual(sources);
    }
  });
});
