import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  root: rendererDir,
  // Relative asset URLs: the same build is loaded from `app://tertib/` (Electron) and from `/` of the
  // sync-server (web mode).
  base: './',
  plugins: [react(), relaxCspForDevServer()],
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
  },
});
