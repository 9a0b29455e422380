// Serves the built renderer (dist/renderer) on `app://tertib/`. A custom protocol instead of file://
// gives the app a real origin (CORS on the sync-server, permission and IPC checks key on it), keeps the
// rest of the disk out of reach, and lets us send the CSP as a header.

import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { app, protocol } from 'electron';
import { APP_SCHEME } from '../common/app-identity';
import { CONTENT_SECURITY_POLICY } from '../common/content-security-policy';
import { INDEX_FILE, mimeTypeFor, resolveAppRequest } from '../common/protocol-path';

/** Must run before `app` is ready: privileges cannot be granted later. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true, // real origin and relative URL resolution
        secure: true, // a secure context: getUserMedia and geolocation need one
        supportFetchAPI: true,
        corsEnabled: true,
        codeCache: true,
      },
    },
  ]);
}

/** The built renderer inside the app: `<app>/dist/renderer`, which is inside app.asar when packed. */
export function rendererRoot(): string {
  return join(app.getAppPath(), 'dist', 'renderer');
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

function textResponse(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** Reads a regular file below `root`, or returns null. `fs` is asar-aware in Electron's main process. */
async function readFileBelow(root: string, file: string): Promise<Buffer | null> {
  const full = resolve(root, ...file.split('/'));
  // The resolver already refused traversal; this is the second lock on the same door.
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..')) return null;
  try {
    if (!(await stat(full)).isFile()) return null;
    return await readFile(full);
  } catch {
    return null;
  }
}

export function installAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method Not Allowed');
    const resolved = resolveAppRequest(request.url);
    if (!resolved.ok) {
      console.warn(`[app-protocol] refused ${JSON.stringify(request.url)}: ${resolved.reason}`);
      return textResponse(404, 'Not Found');
    }
    let file = resolved.file;
    let body = await readFileBelow(root, file);
    if (body === null && resolved.routeFallback) {
      file = INDEX_FILE;
      body = await readFileBelow(root, file);
    }
    if (body === null) return textResponse(404, 'Not Found');
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': mimeTypeFor(file) },
    });
  });
}
