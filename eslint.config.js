// The project's lint rules, run by `npm test`. Besides the usual TypeScript and Svelte checks,
// this file is where docs/ARCHITECTURE.md's layering rules are enforced: each "never" about
// who may import what, or touch which browser global, is a rule below.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/** Importing these means touching storage: only src/state/ (and src/lib/store/ itself) may. */
const STORAGE = [
  { group: ['dexie'], message: 'Storage goes through src/state/ (views) or a PolluxDB parameter (lib).' },
  { group: ['**/state/db.ts', '**/state/db'], message: 'Only src/state/ opens the shared database; lib takes a PolluxDB parameter.' },
];
const STORE_VALUES = {
  group: ['**/lib/store/*'],
  allowTypeImports: true,
  message: 'Views read and write storage through src/state/ (type imports of records are fine).',
};
const UP_THE_STACK = {
  group: ['**/state/**', '**/views/**', '**/components/**', '*.svelte', '**/*.svelte'],
  message: 'src/lib/ is the core: it never imports state, views or components.',
};
const TEST_CODE = { group: ['**/test/**'], message: 'Stand-ins and test support never become part of the app.' };

/** Browser globals that mean I/O or the page: the pure core never touches them. */
const IO_GLOBALS = ['fetch', 'indexedDB', 'localStorage', 'sessionStorage', 'document', 'window', 'navigator', 'XMLHttpRequest', 'Worker'].map(
  (name) => ({ name, message: `The pure core takes ${name} (or what it provides) as a parameter.` }),
);
/** Reactive page state never lives in lib: no DOM document or persisted UI settings there. */
const PAGE_GLOBALS = ['document', 'localStorage', 'sessionStorage', 'window'].map((name) => ({
  name,
  message: `src/lib/ never touches ${name}; state classes in src/state/ do.`,
}));

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/out/**', 'public/**', 'model-configs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Shared state here is replaced, never mutated ($state.raw tables, new Map on every
      // change); a Map or Set built inside a function is a local computation, not state.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { projectService: false, extraFileExtensions: ['.svelte'], parser: tseslint.parser, svelteConfig } },
  },
  // src/: nothing imports test code.
  {
    files: ['src/**/*.{ts,svelte}'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [TEST_CODE] }] },
  },
  // lib: the core never reaches up the stack, never opens the shared database, never touches the page.
  {
    files: ['src/lib/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [UP_THE_STACK, TEST_CODE, STORAGE[1]] }],
      'no-restricted-globals': ['error', ...PAGE_GLOBALS],
    },
  },
  // The pure core: no I/O of any kind (no storage, network, DOM or workers).
  {
    files: [
      'src/lib/pollux/**/*.ts',
      'src/lib/stats/**/*.ts',
      'src/lib/charts/**/*.ts',
      'src/lib/taxonomy/**/*.ts',
      'src/lib/router/**/*.ts',
      'src/lib/i18n/**/*.ts',
      'src/lib/format/**/*.ts',
      'src/lib/metrics/**/*.ts',
    ],
    ignores: ['src/lib/metrics/worker.ts', 'src/lib/metrics/worker-client.ts', 'src/lib/metrics/bootstrap-*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [UP_THE_STACK, TEST_CODE, ...STORAGE, { group: ['**/lib/store/*', '**/store/db.ts'], message: 'The pure core takes no storage.' }] },
      ],
      'no-restricted-globals': ['error', ...IO_GLOBALS],
    },
  },
  // Views and shared components: storage only through state.
  {
    files: ['src/views/**/*.{ts,svelte}', 'src/components/**/*.{ts,svelte}', 'src/App.svelte'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [TEST_CODE, ...STORAGE, STORE_VALUES] }],
    },
  },
);
