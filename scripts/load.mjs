// `npm run load`: the bounded load test (e2e/load/load.ts), not part of CI. Options after `--`, e.g.
// `npm run load -- --officers 30 --supervisors 5 --seconds 20 --couch http://admin:pw@127.0.0.1:5984`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'e2e', 'load', 'load.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: process.env },
);
process.exitCode = res.status ?? 1;
