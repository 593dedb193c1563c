#!/usr/bin/env node
// `npm test`: every check a change must pass, in the order that fails fastest:
// type check, lint (including the layering rules), unit tests (vitest), then the browser tests
// (Playwright on Debian Chromium).
// Installs Chromium first when it is missing and we are root (scripts/ensure-chromium.mjs).
import { spawnSync } from 'node:child_process';

const steps = [
  ['type check', 'node', ['node_modules/svelte-check/bin/svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error']],
  ['lint', 'node', ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings=0']],
  ['unit tests', 'node', ['node_modules/vitest/vitest.mjs', 'run']],
  ['browser', 'node', ['scripts/ensure-chromium.mjs']],
  ['end-to-end tests', 'node', ['node_modules/@playwright/test/cli.js', 'test']],
];

for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, CI: process.env.CI ?? 'true' } });
  if (r.status !== 0) {
    console.error(`\n${name} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}
console.log('\nAll checks passed.');
