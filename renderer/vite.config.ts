import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, defineConfig, type Plugin } from 'vite';

const rendererDir = fileURLToPath(new URL('.', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The production CSP (index.html) forbids inline scripts and styles. Vite's dev server needs both (the
 * React Refresh preamble is an inline script, CSS modules are injected as <style>), so only `vite serve`
 * relaxes it; `vite build` ships the strict policy unchanged.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'tertib:relax-csp-for-dev-server',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: wss:");
    },
  };
}

/** Every file under `dir`, as '/'-separated paths relative to it. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

/**
 * The offline app shell (renderer/src/sw/): after the app is written, bundle the worker into `sw.js` at the
 * build root with the list of every built file (index.html, hashed assets, public files) and a hash of their
 * contents compiled in. A new build therefore changes sw.js byte for byte, which is what makes browsers
 * install it and drop the previous build's cache.
 */
function serviceWorker(): Plugin {
  let outDir = '';
  return {
    name: 'tertib:service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle() {
      const files = listFiles(outDir)
        .filter((file) => file !== 'sw.js' && !file.endsWith('.map'))
        .sort();
      const hash = createHash('sha256');
      for (const file of files) {
        hash.update(file + '\0').update(new Uint8Array(readFileSync(path.join(outDir, file))));
      }
      const result = await build({
        configFile: false,
        logLevel: 'warn',
        define: {
          __TERTIB_PRECACHE__: JSON.stringify(files),
          __TERTIB_BUILD_HASH__: JSON.stringify(hash.digest('hex').slice(0, 16)),
        },
        build: {
          write: false,
          target: 'chrome120',
          minify: true,
          lib: {
            entry: path.join(rendererDir, 'src/sw/sw.ts'),
            formats: ['iife'],
            name: 'tertibServiceWorker',
          },
        },
      });
      const outputs = (Array.isArray(result) ? result : [result]) as { output: { code?: string }[] }[];
      const code = outputs[0]?.output[0]?.code;
      if (!code) throw new Error('tertib:service-worker: bundling src/sw/sw.ts produced no code');
      writeFileSync(path.join(outDir, 'sw.js'), code);
    },
  };
}

export default defineConfig({
  root: rendererDir,
  // Relative asset URLs: the same build is loaded from `app://tertib/` (Electron) and from `/` of the
  // sync-server (web mode).
  base: './',
  resolve: {
    // PouchDB imports Node's `events`; the browser gets a small EventEmitter (see that file for why).
    alias: [
      {
        find: /^events$/,
        replacement: fileURLToPath(new URL('./src/data/photos/node-events.ts', import.meta.url)),
      },
    ],
  },
  plugins: [react(), relaxCspForDevServer(), serviceWorker()],
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
  },
});
