#!/usr/bin/env node
// Finds the Chromium that Playwright drives (Debian's package; Playwright's own download does
// not work here). Installs it with apt when running as root and it is missing; otherwise says
// exactly what to install. Exits non-zero when no browser can be had.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || process.env.CHROMIUM_PATH) {
  console.error(
    `Chromium not found at ${path}.\n` +
      'Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n' +
      'or point CHROMIUM_PATH at a Chromium/Chrome binary (version 113 or newer, for WebGPU).',
  );
  process.exit(1);
}
console.log('Chromium is missing: installing Debian chromium with apt-get (about 30 s)…');
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
  stdio: 'inherit',
  shell: '/bin/bash',
});
if (!existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing.`);
  process.exit(1);
}
