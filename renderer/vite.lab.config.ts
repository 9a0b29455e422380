import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The test-and-benchmark page (renderer/lab/): same modules as the app, built separately into .tmp/lab.
export default defineConfig({
  root: fileURLToPath(new URL('./lab', import.meta.url)),
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
  build: {
    outDir: fileURLToPath(new URL('../.tmp/lab', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
  },
});
