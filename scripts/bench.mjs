// `npm run bench`: the benchmarks (e2e/bench/run.ts) in real Chromium; not a test, it prints figures.
// Arguments pick sections by name, e.g. `npm run bench -- photos`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'e2e', 'bench', 'run.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: process.env },
);
process.exitCode = res.status ?? 1;
