// The folders under electron/ say the runtime (STYLE.md rule 1). The repository's lint config holds the
// cross-folder boundaries; this holds the ones inside electron/:
//   common/   pure: only relative imports and domain/ipc.ts — unit-tested without Electron
//   preload/  only `electron` and domain/ipc.ts — it is bundled into one sandboxed file
//   tests     never load `electron` at runtime (the binary is not there in CI)

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers a file loads at runtime (`import type` is erased, so it does not count). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const match of source.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    if (match[2] === undefined && match[3] !== undefined) specifiers.push(match[3]);
  }
  for (const match of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) {
    if (match[1] !== undefined) specifiers.push(match[1]);
  }
  for (const match of source.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    if (match[1] !== undefined) specifiers.push(match[1]);
  }
  return specifiers;
}

const files = tsFiles(root).filter((f) => !f.endsWith('vite.config.ts'));
const isTest = (f: string): boolean => f.endsWith('.test.ts');
const rel = (f: string): string => relative(root, f);

describe('electron/ import boundaries', () => {
  it.each(files.filter((f) => rel(f).startsWith('common') && !isTest(f)).map(rel))(
    'common/%s is pure',
    (name) => {
      for (const spec of runtimeImports(join(root, name))) {
        expect(spec.startsWith('./') || spec === '../../domain/ipc', `${name} imports ${spec}`).toBe(true);
      }
    },
  );

  it.each(files.filter((f) => rel(f).startsWith('preload')).map(rel))(
    '%s loads only electron and the contract',
    (name) => {
      for (const spec of runtimeImports(join(root, name))) {
        expect(['electron', '../../domain/ipc'], `${name} imports ${spec}`).toContain(spec);
      }
    },
  );

  it.each(files.filter(isTest).map(rel))('%s does not load electron', (name) => {
    for (const spec of runtimeImports(join(root, name))) {
      expect(
        spec === 'electron' || spec.startsWith('electron/') || spec.startsWith('../main/'),
        `${name} imports ${spec}`,
      ).toBe(false);
    }
  });

  it('the tests of main/ load only modules without an electron import', () => {
    for (const test of files.filter((f) => rel(f).startsWith('main') && isTest(f))) {
      for (const spec of runtimeImports(test).filter((s) => s.startsWith('./'))) {
        const target = join(root, 'main', `${spec.slice(2)}.ts`);
        expect(runtimeImports(target), `${rel(test)} → ${spec}`).not.toContain('electron');
      }
    }
  });
});
