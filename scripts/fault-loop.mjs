// Runs the 100-report / 300-photo fault scenario (e2e/sync-faults.spec.ts) many times in a row, each with
// its own seed for the link's cuts, without retries, and says how many passed: `node scripts/fault-loop.mjs
// [runs=20]`. Not part of CI (about a minute a run); for finding the rare failure a single run hides.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 20);
const vitest = path.join(root, 'node_modules', '.bin', 'vitest');
let passed = 0;
const failures = [];
for (let i = 0; i < runs; i++) {
  const seed = 20200410 + i;
  const started = Date.now();
  const res = spawnSync(
    vitest,
    ['run', '--project', 'e2e', '--retry=0', 'e2e/sync-faults.spec.ts', '-t', 'delivers 100 reports'],
    { cwd: root, env: { ...process.env, FAULT_SEED: String(seed) }, encoding: 'utf8', timeout: 300_000 },
  );
  const ok = res.status === 0;
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (ok) passed++;
  else failures.push({ seed, tail: `${res.stdout ?? ''}${res.stderr ?? ''}`.slice(-3000) });
  console.log(`run ${i + 1}/${runs} seed ${seed}: ${ok ? 'passed' : 'FAILED'} in ${seconds} s`);
}
for (const f of failures) console.log(`\n--- seed ${f.seed}:\n${f.tail}`);
console.log(`\n${passed} passed, ${runs - passed} failed`);
process.exitCode = passed === runs ? 0 : 1;
