#!/usr/bin/env node
/**
 * Downloads the two pinned POLLUX taxonomy files into public/taxonomy/ so the GitHub Pages site
 * serves them itself (no raw.githubusercontent.com rate limits or CORS at runtime). Run in the
 * Pages workflow before `vite build`. Without internet it exits 1 with a clear message; the app
 * then falls back to raw.githubusercontent.com, then to the bundled excerpts in public/sample/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// Keep in sync with TAXONOMY_COMMITS in src/lib/data/config.ts.
const FILES = {
  criteria: '2d2a18c507c14a26834c72f0983769f9fcb31844',
  tasks: '0183301cca1649aa1820936960697052d014d228',
};
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../public/taxonomy');
mkdirSync(out, { recursive: true });

for (const [name, commit] of Object.entries(FILES)) {
  const url = `https://raw.githubusercontent.com/ai-forever/POLLUX/${commit}/metainfo/${name}.json`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    JSON.parse(text); // refuse to publish a broken file
    writeFileSync(resolve(out, `${name}.json`), text);
    console.log(`fetch-taxonomy: ${name}.json (${text.length} chars) from ${url}`);
  } catch (err) {
    console.error(`fetch-taxonomy: could not download ${url}: ${err instanceof Error ? err.message : String(err)}`);
    console.error('fetch-taxonomy: the site will fall back to raw.githubusercontent.com, then to public/sample/*.excerpt.json');
    process.exit(1);
  }
}
