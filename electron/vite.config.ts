// Builds the Electron main process and preload into dist-electron/ as CommonJS:
//   dist-electron/main.cjs     main process (electron/main/index.ts)
//   dist-electron/preload.cjs  sandboxed preload (electron/preload/index.ts), one self-contained file
// Two separate builds (Vite environments), not one build with two entries: a shared chunk (domain/ipc.ts
// is used by both) would make the preload `require('./chunk.cjs')`, which a sandboxed preload cannot do.

import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type BuildEnvironmentOptions } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const outDir = here('../dist-electron');

/** `electron` and Node's built-ins come from the runtime; everything else is bundled. */
const external = ['electron', /^electron\/.+/, /^node:/, ...builtinModules];

function cjsBundle(name: 'main' | 'preload', entry: string, target: string): BuildEnvironmentOptions {
  return {
    outDir,
    emptyOutDir: false, // the two builds share the folder; buildApp empties it once
    target,
    minify: false, // keep the shipped code readable for audits; it is small
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: { [name]: here(entry) },
      external,
      // One file per build: a sandboxed preload cannot load chunks.
      output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
    },
  };
}

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  environments: {
    // Electron 45 bundles Node 22 and a current Chromium; node20/chrome120 are safe floors.
    main: { consumer: 'server', build: cjsBundle('main', './main/index.ts', 'node20') },
    preload: { consumer: 'server', build: cjsBundle('preload', './preload/index.ts', 'chrome120') },
  },
  builder: {
    async buildApp(builder) {
      const { rm } = await import('node:fs/promises');
      await rm(outDir, { recursive: true, force: true });
      const { main, preload } = builder.environments;
      if (main === undefined || preload === undefined)
        throw new Error('electron/vite.config.ts: missing environment');
      await builder.build(main);
      await builder.build(preload);
    },
  },
});
