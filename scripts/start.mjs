// `npm start`: the sync-server with the embedded backend, then the Electron app pointed at it.
// Stopping either stops both. A sync-server that exits after a fatal error (code 70, its own message says
// why) is started again on the same address while the app keeps running; the app's sync retries.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);

const FATAL = 70;
const restarts = [];
let stopping = false;
let server = null;
let app = null;

const stopAll = (code) => {
  stopping = true;
  if (app && app.exitCode === null) app.kill('SIGTERM');
  if (server && server.exitCode === null) server.kill('SIGTERM');
  process.exitCode = code;
};
process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

function startServer() {
  server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'sync-server', 'cli.ts'), 'serve'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  server.stdout.on('data', onServerOutput);
  server.on('exit', (code) => {
    const now = Date.now();
    while (restarts.length && restarts[0] < now - 60_000) restarts.shift();
    if (!stopping && code === FATAL && restarts.length < 5) {
      restarts.push(now);
      console.error('The sync server stopped after a fatal error (above); starting it again.');
      setTimeout(startServer, 1000 * restarts.length);
      return;
    }
    if (app && app.exitCode === null) app.kill('SIGTERM');
    if (code) process.exitCode = code;
  });
}

let buffer = '';
function onServerOutput(chunk) {
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
}

startServer();
