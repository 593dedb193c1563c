#!/usr/bin/env node
/**
 * Copies the WebGPU libraries the POLLUX records run with into public/webgpu-libs/, with a
 * manifest.json of their SHA-256, so the GitHub Pages site serves them itself and the app can
 * check the bytes it loads (src/lib/judge/webllm/libraries.ts). Run by the Pages workflow before
 * `vite build`; the files are build output, never committed.
 *
 * What to fetch is model-configs/webgpu-libs.json (repository, commit, folder, and the pinned
 * SHA-256 of each file). A file whose bytes differ from a pinned hash fails the build: the
 * libraries at one upstream path have been rebuilt in place before, and a rebuild for another
 * runtime fails to link with web-llm 0.2.86. Hashes not pinned yet are printed to pin.
 *
 *   node scripts/fetch-webgpu-libs.mjs [--from <dir>]   (--from: copy from a local folder instead, e.g. a mirror)
 *
 * Exit codes: 0 done; 1 a file could not be read (the site then offers endpoints only); 2 a file
 * is not what was pinned (the build must stop).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pin = JSON.parse(readFileSync(resolve(root, 'model-configs/webgpu-libs.json'), 'utf8'));
const out = resolve(root, 'public/webgpu-libs');
const fromArg = process.argv.indexOf('--from');
const fromDir = fromArg === -1 ? null : resolve(process.argv[fromArg + 1]);
mkdirSync(out, { recursive: true });

const files = {};
const unpinned = [];
for (const [name, want] of Object.entries(pin.sha256)) {
  const url = `https://raw.githubusercontent.com/${pin.repo}/${pin.ref}/${pin.folder}/${name}`;
  let bytes;
  try {
    if (fromDir) bytes = readFileSync(resolve(fromDir, name));
    else {
      const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      bytes = Buffer.from(await res.arrayBuffer());
    }
  } catch (err) {
    console.error(`fetch-webgpu-libs: could not read ${fromDir ? resolve(fromDir, name) : url}: ${err instanceof Error ? err.message : String(err)}`);
    console.error('fetch-webgpu-libs: without its libraries the site offers only endpoints (the Models page says so); fix the source and rebuild.');
    process.exit(1);
  }
  // A WebAssembly module starts with \0asm: refuse an HTML error page saved as a library.
  if (bytes.subarray(0, 4).toString('latin1') !== '\0asm') {
    console.error(`fetch-webgpu-libs: ${name} is not a WebAssembly file (${bytes.length} bytes); refusing to publish it.`);
    process.exit(2);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (want !== null && want !== sha256) {
    console.error(`fetch-webgpu-libs: ${name} changed upstream: SHA-256 ${sha256}, pinned ${want} in model-configs/webgpu-libs.json.`);
    console.error('fetch-webgpu-libs: check that the new file still links with web-llm 0.2.86 before pinning it; the build stops here.');
    process.exit(2);
  }
  if (want === null) unpinned.push(`    "${name}": "${sha256}"`);
  writeFileSync(resolve(out, name), bytes);
  files[name] = { sha256, bytes: bytes.length };
  console.log(`fetch-webgpu-libs: ${name} ${bytes.length} bytes, sha256 ${sha256}`);
}
writeFileSync(resolve(out, 'manifest.json'), `${JSON.stringify({ webllm: '0.2.86', source: `${pin.repo}@${pin.ref}/${pin.folder}`, files }, null, 2)}\n`);
if (unpinned.length > 0) {
  console.log(`::notice::fetch-webgpu-libs: pin these in model-configs/webgpu-libs.json ("sha256"):\n${unpinned.join(',\n')}`);
}
