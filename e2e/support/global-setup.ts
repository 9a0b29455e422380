import { build } from 'vite';
import { repoRoot } from '../../sync-server/test/harness';
import path from 'node:path';

// Build what the scenarios load, once per run: the app (served by `serve --web`) and the lab page.
export default async function setup(): Promise<void> {
  if (process.env.TERTIB_E2E_SKIP_BUILD === '1') return;
  // Vitest sets NODE_ENV=test, which would give React's development build; test what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    for (const config of ['renderer/vite.config.ts', 'renderer/vite.lab.config.ts']) {
      await build({ configFile: path.join(repoRoot, config), logLevel: 'warn', mode: 'production' });
    }
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
