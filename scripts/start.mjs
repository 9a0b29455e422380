// `npm start`: the sync-server with the embedded backend, then the Electron app pointed at it.
// Stopping either stops both.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);

const server = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'sync-server', 'cli.ts'), 'serve'],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  },
);

let app = null;
const stopAll = (code) => {
  if (app && app.exitCode === null) app.kill('SIGTERM');
  if (server.exitCode === null) server.kill('SIGTERM');
  process.exitCode = code;
};
process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
server.on('exit', (code) => {
  if (app && app.exitCode === null) app.kill('SIGTERM');
  if (code) process.exitCode = code;
});

let buffer = '';
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (app) return;
  buffer += chunk.toString();
  const match = /listening on (http:\/\/\S+)/.exec(buffer);
  if (!match) return;
  let electron;
  try {
    // Resolving `electron` downloads its binary on first use when it is missing.
    electron = require('electron');
  } catch (err) {
    console.error(
      `\nElectron could not be started: ${err.message}\n` +
        'Electron downloads its binary on first start and needs internet access for that. ' +
        `Meanwhile the same app runs in any Chromium browser: npm run web, then open ${match[1]}/`,
    );
    stopAll(1);
    return;
  }
  app = spawn(electron, [root], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TERTIB_SERVER_URL: match[1] },
  });
  app.on('exit', (code) => stopAll(code ?? 0));
});
