/**
 * The run pipeline benchmark in Chromium, on its real IndexedDB (fake-indexeddb in Node is
 * several times slower, so the Node figures understate the app).
 *
 *   node bench/run-chromium.mjs [size=10000]
 *
 * Bundles bench/run-browser.ts (or bench/$BENCH_ENTRY.ts) with vite into dist-run-bench/, serves it on 127.0.0.1:4600
 * (BENCH_PORT), opens it in headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and
 * prints the same three figures as the Node benchmark.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'vite';
import { chromium } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'dist-run-bench');
const port = Number(process.env.BENCH_PORT ?? 4600);
const size = Number(process.argv[2] ?? 10_000);

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir,
    emptyOutDir: true,
    minify: false,
    target: 'es2022',
    lib: { entry: path.join(root, `bench/${process.env.BENCH_ENTRY ?? 'run-browser'}.ts`), formats: ['es'], fileName: () => 'run-bench.js' },
  },
});

const html = '<!doctype html><meta charset="utf-8"><title>run bench</title><script type="module" src="/run-bench.js"></script>';
const server = createServer(async (req, res) => {
  if (req.url === '/' || req.url === '/index.html') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    return;
  }
  try {
    const file = path.join(outDir, path.normalize(req.url ?? '').replace(/^(\.\.[/\\])+/, ''));
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.log(m.text()));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => typeof globalThis.runPolluxBench === 'function');
  const results = await page.evaluate((n) => globalThis.runPolluxBench(n), size);
  console.log(`\nChromium ${browser.version()}: ${results.filter((r) => r.pass).length}/${results.length} targets met`);
} finally {
  await browser.close();
  server.close();
}
