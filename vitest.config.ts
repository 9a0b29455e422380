import { defineConfig } from 'vitest/config';

// Three projects: fast pure unit tests, the server's integration tests (real embedded CouchDB-compatible
// backend on random ports) and the Playwright scenarios (real Chromium against a real sync-server).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'domain/**/*.test.ts',
            'electron/**/*.test.ts',
            'renderer/**/*.test.ts',
            'sync-server/src/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          include: ['sync-server/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          globalSetup: ['e2e/support/global-setup.ts'],
          // A real browser on a loaded 2-core machine: give polled UI expectations room (they still fail).
          expect: { poll: { timeout: 15_000, interval: 100 } },
          // One retry for browser scenarios only: Chromium, a server and the other suites share 2 cores in CI.
          // A broken behaviour still fails twice; a retried pass is visible in the log.
          retry: 1,
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
