// The project's lint rules, run by `npm test`. Besides the usual TypeScript and Svelte checks,
// this file is where docs/ARCHITECTURE.md's layering rules are enforced: each rule there that
// says who may import what, or touch which browser global, is a rule below, and
// test/unit/lint/layers.test.ts proves each one fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/** dexie: only src/lib/store/db.ts opens the database; everything else takes a PolluxDB. */
const DEXIE = { group: ['dexie'], message: 'Only src/lib/store/db.ts imports dexie: state gets the database from src/state/db.ts, lib takes a PolluxDB parameter.' };
/** The app's one shared database instance. */
const SHARED_DB = { group: ['**/state/db.ts', '**/state/db'], message: 'Only src/state/ opens the shared database; lib takes a PolluxDB parameter.' };
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
/** web-llm is ~6 MB: the page imports it with import() in lazy.ts; its worker imports it statically. */
const WEBLLM = {
  group: ['@mlc-ai/web-llm'],
  allowTypeImports: true,
  message: 'web-llm is loaded with import() in src/lib/judge/webllm/lazy.ts (or runs in webllm/worker.ts); import its types only.',
};

/** Patterns every file under src/ is held to, plus the layer's own. */
const restrict = (...patterns) => ['error', { patterns: [TEST_CODE, WEBLLM, DEXIE, ...patterns] }];
const LIB = [UP_THE_STACK, SHARED_DB];
const PURE = [...LIB, { group: ['**/lib/store/*', '**/store/db.ts'], message: 'The pure core takes no storage.' }];
const VIEWS = [SHARED_DB, STORE_VALUES];

/** Browser globals that mean I/O or the page: the pure core never touches them. */
const IO_GLOBALS = ['fetch', 'indexedDB', 'localStorage', 'sessionStorage', 'document', 'window', 'navigator', 'XMLHttpRequest', 'Worker'].map(
  (name) => ({ name, message: `The pure core takes ${name} (or what it provides) as a parameter.` }),
);
/** Reactive page state never lives in lib: no DOM document or persisted UI settings there. */
const PAGE_GLOBALS = ['document', 'localStorage', 'sessionStorage', 'window'].map((name) => ({
  name,
  message: `src/lib/ never touches ${name}; state classes in src/state/ do.`,
}));
/** Views and components do no network or storage of their own: state classes do it for them. */
const VIEW_IO_GLOBALS = ['fetch', 'XMLHttpRequest', 'localStorage', 'sessionStorage'].map((name) => ({
  name,
  message: `Views and components never use ${name}: a state class in src/state/ does the I/O.`,
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
  // src/: nothing imports test code or dexie, web-llm arrives only through import() in lazy.ts,
  // and randomness comes from the seeded PRNG (stats/prng.ts) or crypto.getRandomValues.
  {
    files: ['src/**/*.{ts,svelte}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(),
      'no-restricted-syntax': [
        'error',
        { selector: "ImportExpression[source.value='@mlc-ai/web-llm']", message: 'Only src/lib/judge/webllm/lazy.ts imports web-llm (once, for the whole page).' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG (src/lib/stats/prng.ts) for anything reproducible, crypto.getRandomValues for ids.' },
      ],
    },
  },
  // lib: the core never reaches up the stack, never opens the shared database, never touches the page.
  {
    files: ['src/lib/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(...LIB),
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
      'src/lib/io/**/*.ts',
      'src/lib/text/**/*.ts',
      'src/lib/validate/**/*.ts',
      'src/lib/worker/**/*.ts',
    ],
    ignores: ['src/lib/metrics/worker.ts', 'src/lib/metrics/worker-client.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(...PURE),
      'no-restricted-globals': ['error', ...IO_GLOBALS],
    },
  },
  // Views and shared components: storage only through state, no network of their own.
  {
    files: ['src/views/**/*.{ts,svelte}', 'src/components/**/*.{ts,svelte}', 'src/App.svelte'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(...VIEWS),
      'no-restricted-globals': ['error', ...VIEW_IO_GLOBALS],
    },
  },
  // The exceptions, each one file or folder: the database module imports dexie; the web-llm
  // worker runs web-llm itself; lazy.ts is the page's one import() of it.
  {
    files: ['src/lib/store/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [TEST_CODE, WEBLLM, ...LIB] }] },
  },
  {
    files: ['src/lib/judge/webllm/worker.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [TEST_CODE, DEXIE, ...LIB] }] },
  },
  {
    files: ['src/lib/judge/webllm/lazy.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
