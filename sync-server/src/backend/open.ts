import fs from 'node:fs';
import path from 'node:path';
import type { ServerConfig } from '../config';
import { withCredentials, withoutCredentials, type Backend } from './backend';
import { startEmbeddedBackend } from './embedded';

// While a server runs with the embedded backend it holds LevelDB's locks, so the admin CLI cannot open the
// files itself. The server leaves a note in DATA_DIR saying where its backend listens; the CLI reads it and
// talks to that backend over loopback with the admin credentials kept (mode 0600) in the same folder.

interface RunningNote {
  pid: number;
  backendUrl: string;
  apiUrl: string;
}

export function runningNoteFile(dataDir: string): string {
  return path.join(dataDir, 'server.json');
}

export function writeRunningNote(dataDir: string, note: RunningNote): void {
  fs.writeFileSync(runningNoteFile(dataDir), JSON.stringify(note), { mode: 0o600 });
}

export function removeRunningNote(dataDir: string): void {
  try {
    const note = JSON.parse(fs.readFileSync(runningNoteFile(dataDir), 'utf8')) as RunningNote;
    if (note.pid === process.pid) fs.rmSync(runningNoteFile(dataDir), { force: true });
  } catch {
    // nothing to remove
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function runningServerBackend(dataDir: string): Promise<Backend | null> {
  let note: RunningNote;
  try {
    note = JSON.parse(fs.readFileSync(runningNoteFile(dataDir), 'utf8')) as RunningNote;
  } catch {
    return null;
  }
  if (!pidAlive(note.pid)) return null;
  const admin = JSON.parse(fs.readFileSync(path.join(dataDir, 'embedded-admin.json'), 'utf8')) as {
    name: string;
    password: string;
  };
  try {
    // As the admin: the backend's gate answers nobody else (embedded-gate.ts).
    const authorization = 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64');
    const res = await fetch(note.backendUrl + '/', {
      headers: { authorization },
      signal: AbortSignal.timeout(3000),
    });
    if (!res.ok) return null;
  } catch {
    return null;
  }
  return {
    kind: 'embedded',
    baseUrl: note.backendUrl,
    adminUrl: withCredentials(note.backendUrl, admin.name, admin.password),
    close: async () => undefined,
  };
}

/**
 * The backend for this process: the configured CouchDB; else (CLI only) the embedded backend of a server
 * already running on DATA_DIR; else a new embedded backend owned by this process.
 */
export async function openBackend(config: ServerConfig, opts: { shareRunning: boolean }): Promise<Backend> {
  if (config.couchdbUrl) {
    const adminUrl = config.couchdbUrl;
    return { kind: 'couchdb', baseUrl: withoutCredentials(adminUrl), adminUrl, close: async () => undefined };
  }
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  if (opts.shareRunning) {
    const running = await runningServerBackend(config.dataDir);
    if (running) return running;
  }
  return startEmbeddedBackend(config.dataDir);
}
