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
 * Opens bench/markdown-browser.ts in headless Chromium on 127.0.0.1:4248 (BENCH_PORT), through
 * bench/browser-page.mjs.
 */
import { openBenchPage } from './browser-page.mjs';

const port = Number(process.env.BENCH_PORT ?? 4248);
const maxKB = Number(process.argv[2] ?? 1024);
const reps = Number(process.argv[3] ?? 5);
const sizes = [];
for (let kb = 1; kb <= maxKB; kb *= 2) sizes.push(kb * 1024);

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor((s.length - 1) / 2)], max: s[s.length - 1] };
};
const f = (ms) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0)).padStart(6);

const { browser, page, close } = await openBenchPage({ entry: 'markdown-browser', port, body: '<div id="host"></div>' });
try {
  page.on('pageerror', (e) => console.error(e));
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
  await close();
}
