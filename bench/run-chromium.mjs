/**
 * The run pipeline benchmark in Chromium, on its real IndexedDB (fake-indexeddb in Node is
 * several times slower, so the Node figures understate the app).
 *
 *   node bench/run-chromium.mjs [size=10000]
 *
 * Opens bench/run-browser.ts (or bench/$BENCH_ENTRY.ts) in headless Chromium on 127.0.0.1:4600
 * (BENCH_PORT) through bench/browser-page.mjs and prints the same three figures as the Node
 * benchmark.
 */
import { openBenchPage } from './browser-page.mjs';

const port = Number(process.env.BENCH_PORT ?? 4600);
const size = Number(process.argv[2] ?? 10_000);

const { browser, page, close } = await openBenchPage({ entry: process.env.BENCH_ENTRY ?? 'run-browser', port, minify: false });
try {
  page.on('console', (m) => console.log(m.text()));
  await page.waitForFunction(() => typeof globalThis.runPolluxBench === 'function');
  const results = await page.evaluate((n) => globalThis.runPolluxBench(n), size);
  console.log(`\nChromium ${browser.version()}: ${results.filter((r) => r.pass).length}/${results.length} targets met`);
} finally {
  await close();
}
