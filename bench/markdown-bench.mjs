/**
 * Markdown rendering time in Chromium for 1 KB … 1 MB inputs: an ordinary answer (the baseline)
 * and adversarial shapes (bench/markdown-cases.ts). For each, the app's default path (plain text
 * above RENDER_CAP or MAX_TAGS) and "format it anyway" (piece by piece within the forced budget:
 * marked + sanitiser + insertion into the page), as min/median/max over repetitions, with the
 * ratio of each median to the median at half the size (≈ 2 when linear, ≈ 1 once a budget
 * holds) and to the ordinary answer of the same size; plus marked alone on the whole text, with
 * no budget, which shows whether the tokenizer itself stays linear.
 *
 *   node bench/markdown-bench.mjs [maxKB=1024] [reps=5]
 *
 * Bundles bench/markdown-browser.ts with vite into dist-markdown-bench/, serves it on
 * 127.0.0.1:4248 (BENCH_PORT) and opens it in headless Chromium (CHROMIUM_PATH).
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'vite';
import { chromium } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'dist-markdown-bench');
const port = Number(process.env.BENCH_PORT ?? 4248);
const maxKB = Number(process.argv[2] ?? 1024);
const reps = Number(process.argv[3] ?? 5);
const sizes = [];
for (let kb = 1; kb <= maxKB; kb *= 2) sizes.push(kb * 1024);

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    lib: { entry: path.join(root, 'bench/markdown-browser.ts'), formats: ['es'], fileName: () => 'markdown-bench.js' },
  },
});

const html = '<!doctype html><meta charset="utf-8"><title>markdown bench</title><div id="host"></div><script type="module" src="/markdown-bench.js"></script>';
const server = createServer(async (req, res) => {
  if (req.url === '/' || req.url === '/index.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  try {
    const body = await readFile(path.join(outDir, path.normalize(req.url ?? '').replace(/^(\.\.[/\\])+/, '')));
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor((s.length - 1) / 2)], max: s[s.length - 1] };
};
const f = (ms) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0)).padStart(6);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(e));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => typeof globalThis.runMarkdownBench === 'function');
  const rows = await page.evaluate(([s, r]) => globalThis.runMarkdownBench(s, r), [sizes, reps]);
  const ordinary = new Map(rows.filter((r) => r.name === 'ordinary').map((r) => [r.size, stats(r.forced).median]));
  console.log(`Chromium ${browser.version()}, ${reps} repetitions (half above the cap); times in ms`);
  console.log('case'.padEnd(16), 'size'.padStart(7), ' default min/med/max   ', ' render anyway min/med/max', ' ×prev', ' ×ordinary', ' marked med', ' insert med', ' result');
  let prev = null;
  for (const r of rows) {
    const d = stats(r.defaults);
    const fo = stats(r.forced);
    const perDoubling = prev && prev.name === r.name ? (fo.median / Math.max(prev.median, 0.1)).toFixed(2) : '   -';
    const vsOrdinary = (fo.median / Math.max(ordinary.get(r.size) ?? 0.1, 0.1)).toFixed(1);
    console.log(
      r.name.padEnd(16),
      `${r.size / 1024} KB`.padStart(7),
      `${f(d.min)} ${f(d.median)} ${f(d.max)}`,
      `     ${f(fo.min)} ${f(fo.median)} ${f(fo.max)}`,
      perDoubling.padStart(6),
      vsOrdinary.padStart(9),
      f(stats(r.marked).median).padStart(11),
      f(stats(r.insert).median).padStart(11),
      ` ${r.kind}`,
    );
    prev = { name: r.name, median: fo.median };
  }
} finally {
  await browser.close();
  server.close();
}
