// `npm test`: everything CI runs — typecheck, lint, then every vitest project (unit, server integration,
// Playwright end-to-end) — and one closing line "N passed, N failed" summing them all.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let passed = 0;
let failed = 0;

function step(name, cmd, args) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  return res.status === 0;
}

for (const [name, script] of [
  ['typecheck', 'typecheck'],
  ['lint', 'lint'],
  ['build renderer', 'build:renderer'],
  ['build electron', 'build:electron'],
]) {
  if (step(name, npm, ['run', '-s', script])) passed++;
  else failed++;
}

const report = path.join(root, '.tmp', 'vitest-report.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
const vitestOk = step('tests', path.join(root, 'node_modules', '.bin', 'vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // A file that fails to load has no failed test but must still fail the run.
  const brokenSuites = r.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0,
  ).length;
  failed += brokenSuites;
  if (!vitestOk && r.numFailedTests === 0 && brokenSuites === 0) failed++;
} else {
  failed++;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
