import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './src/config';
import { runAdminCommand, usage, UsageError } from './src/admin-cli';
import { startServer } from './src/server';
import { runVerify } from './src/evidence/verify-cli';

// `tertib-server serve [--web]` and the admin commands. Configuration comes from the environment only
// (PORT, HOST, COUCHDB_URL, DATA_DIR, …), so the CLI always sees the same setup as the server.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A failure nothing caught (a bug in the gateway, or in a library such as the embedded backend) leaves the
 * process in a state nobody can vouch for: say what happened, in one line an operator can find, and exit
 * non-zero so the service manager restarts it — never die silently, never limp on.
 */
function exitOnUncaught(): void {
  const fatal = (kind: string) => (err: unknown) => {
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    console.error(`tertib-server: fatal ${kind}, exiting so the service can be restarted: ${detail}`);
    process.exit(70); // EX_SOFTWARE
  };
  process.on('uncaughtException', fatal('error'));
  process.on('unhandledRejection', fatal('unhandled rejection'));
}

async function serve(args: string[]): Promise<void> {
  exitOnUncaught();
  const config = loadConfig();
  if (args.includes('--web')) config.webRoot = path.join(repoRoot, 'dist', 'renderer');
  const server = await startServer(config);
  const where = server.backendKind === 'embedded' ? `embedded backend in ${config.dataDir}` : 'CouchDB';
  console.log(`Tertib server listening on ${server.url} (${where})`);
  if (config.webRoot) console.log(`Web app: ${server.url}/`);
  const stop = (signal: string) => {
    console.log(`${signal} received, shutting down`);
    server.close().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(`shutdown failed: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'serve') {
      await serve(rest);
      return -1; // keep running
    }
    // Offline: no configuration, no server, no database.
    if (command === 'verify') return await runVerify(rest);
    if (!command || command === 'help' || command === '--help') {
      console.log(usage());
      return command ? 0 : 2;
    }
    return await runAdminCommand(command, rest, loadConfig());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 78; // EX_CONFIG
    }
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${usage()}`);
      return 2;
    }
    console.error(`tertib-server: ${(err as Error).message}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exit(code);
});
