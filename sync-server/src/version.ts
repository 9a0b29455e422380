import fs from 'node:fs';

let cached: string | null = null;

/** The package version, read once from package.json at the repository root. */
export function serverVersion(): string {
  if (cached) return cached;
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  cached = pkg.version;
  return cached;
}
