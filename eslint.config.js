// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'http', 'https', 'crypto', 'os', 'child_process', 'net', 'url'];

/** Import boundaries (STYLE.md rule 1): the folder says the runtime, the linter keeps it honest. */
const zone = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  },
});

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'dist-electron/', 'release/', 'data/', 'coverage/', '.tmp/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  zone(
    ['domain/**/*.ts'],
    [
      'electron',
      ...nodeBuiltins,
      '**/renderer/**',
      '**/sync-server/**',
      '**/electron/**',
      'react',
      'rxdb',
      'rxdb/*',
      'pouchdb*',
      'nano',
      'express*',
    ],
    'domain/ is pure: no I/O, no environment-specific imports.',
  ),
  zone(
    ['renderer/**/*.{ts,tsx}'],
    ['electron', ...nodeBuiltins, '**/sync-server/**', '**/electron/**', 'nano', 'express*', 'pouchdb-node'],
    'renderer/ runs in a browser sandbox: reach the main process only through renderer/platform.',
  ),
  {
    files: ['renderer/vite.config.ts', 'renderer/vite.lab.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  zone(
    ['electron/**/*.ts'],
    ['**/renderer/**', '**/sync-server/**', 'react', 'react-dom', 'rxdb', 'rxdb/*', 'nano', 'express*'],
    'electron/ is the thin native shell; it talks to the renderer over the IPC contract only.',
  ),
  zone(
    ['electron/common/**/*.ts'],
    ['electron', ...nodeBuiltins, '**/renderer/**', '**/sync-server/**', '**/main/**', '**/preload/**'],
    'electron/common/ holds the pure, table-tested policies: no Electron, no Node.',
  ),
  // Tests beside the policies may read files (the CSP parity check reads renderer/index.html).
  { files: ['electron/common/**/*.test.ts'], rules: { 'no-restricted-imports': 'off' } },
  zone(
    ['sync-server/**/*.ts'],
    ['electron', '**/renderer/**', '**/electron/**', 'react', 'react-dom', 'rxdb', 'rxdb/*'],
    'sync-server/ is a Node service and never imports the desktop app.',
  ),
  // The server's tests drive it with the real client replicators (RxDB, PouchDB), as the app does.
  zone(
    ['sync-server/test/**/*.ts'],
    ['electron', '**/renderer/**', '**/electron/**', 'react', 'react-dom'],
    'server tests use the real replicators but never the app itself.',
  ),
);
