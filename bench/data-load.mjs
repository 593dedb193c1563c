#!/usr/bin/env node
/**
 * Benchmark (prints figures, not a test): a synthetic full-scale replica of ai-forever/POLLUX
 * (161,076 rows, 16 columns, realistic text lengths, three shards) is written to bench/out/,
 * served by the fixture server with Range support, and the production build opens it through
 * the real mirror code path in Chromium. Reports bytes transferred and time to the Explorer's
 * first usable view, cold and warm, against the compressed size of the projected column chunks
 * and the whole files.
 *
 * The warm open is broken down by the app's performance marks (`data:*`: database open, snapshot
 * read and decode, list applied) and the moment the first list row enters the DOM.
 *
 * Run: node bench/data-load.mjs   (builds dist-bench/ first; a few minutes on 2 cores)
 *      BENCH_PROFILE=1 node bench/data-load.mjs   also writes bench/out/warm.cpuprofile (main thread)
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { chromium } from '@playwright/test';
import { MODELS, POLLUX_REVISION, SHARD_NAMES, TASKS, DIFFICULTIES, loadCriteriaExcerpt, renderScale, rng, words, writeHubLayout } from '../scripts/build-fixtures.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = resolve(ROOT, 'bench/out');
const TOTAL_ROWS = 161_076;
const FIX_PORT = 4490;
const APP_PORT = 4491;
const LIST_COLUMNS = ['instruction', 'model_id', 'task_type', 'task_subtype', 'task_subsubtype', 'difficulty', 'domain', 'criteria_name', 'rubrics', 'is_provocative', 'criteria_score'];

function replica() {
  const rand = rng(2025);
  const crit = Object.values(loadCriteriaExcerpt());
  const rows = [];
  const instructions = [];
  let n = 0;
  while (rows.length < TOTAL_ROWS) {
    const task = TASKS[n % TASKS.length];
    const instruction = `${task.verb} ${words(rand, 200 + Math.floor(rand() * 1200))} №${n}`;
    const reference_answer = n % 3 === 0 ? words(rand, 800) : '';
    const difficulty = DIFFICULTIES[n % 3];
    const nCrit = 10 + (n % 3); // ~11 criteria on average: 2,100 × 7 × 11 ≈ 161k
    const criteria = Array.from({ length: nCrit }, (_, k) => crit[(n + k) % crit.length]);
    instructions.push({ prompt_id: n, instruction, reference_answer, meta: task.meta, difficulty, task_type: task.task_type, task_subtype: task.task_subtype, task_subsubtype: '', domain: task.domain, criteria: criteria.map((c) => ({ criteria_name: c.name.ru, criteria_description: c.desc.ru, rubrics: renderScale(c.scale.ru), rubrics_example: '' })) });
    for (const model_id of MODELS) {
      const answer = words(rand, 1500 + Math.floor(rand() * 2500));
      for (const c of criteria) {
        if (rows.length >= TOTAL_ROWS) break;
        const s = Math.floor(rand() * 3);
        rows.push({
          instruction, reference_answer, answer, model_id,
          task_type: task.task_type, task_subtype: task.task_subtype, task_subsubtype: '', difficulty, domain: task.domain,
          is_provocative: n % 40 === 0, criteria_name: c.name.ru, criteria_description: c.desc.ru, rubrics: renderScale(c.scale.ru),
          rubrics_example: words(rand, 300),
          annotations: [0, 1, 2].map(() => ({ comment: words(rand, 60 + Math.floor(rand() * 150)), score: s })),
          criteria_score: s,
        });
      }
    }
    n++;
  }
  return { rows, instructions };
}

function waitFor(url, ms = 60_000) {
  const t0 = Date.now();
  return new Promise((res, rej) => {
    const tick = () =>
      fetch(url).then(() => res(), () => (Date.now() - t0 > ms ? rej(new Error(`timeout ${url}`)) : setTimeout(tick, 300)));
    tick();
  });
}

const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;

const shardPaths = SHARD_NAMES.map((s) => resolve(OUT, `datasets/ai-forever/POLLUX/resolve/${POLLUX_REVISION}/data/${s}`));
if (!shardPaths.every(existsSync)) {
  const t0 = Date.now();
  const data = replica();
  mkdirSync(OUT, { recursive: true });
  writeHubLayout(OUT, data, { rowGroupSize: 10_000 });
  console.log(`replica: ${data.rows.length} rows, ${data.instructions.length} instructions, written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
let whole = 0;
let projected = 0;
let footers = 0;
for (const p of shardPaths) {
  const buf = readFileSync(p);
  whole += buf.length;
  const md = parquetMetadata(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  footers += buf.readUInt32LE(buf.length - 8) + 8;
  for (const rg of md.row_groups) for (const c of rg.columns) if (LIST_COLUMNS.includes(c.meta_data.path_in_schema[0])) projected += Number(c.meta_data.total_compressed_size);
}

execFileSync('node', ['node_modules/vite/bin/vite.js', 'build', '--outDir', 'dist-bench', '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, env: { ...process.env, BASE_PATH: '/pollux-web/', VITE_DEFAULT_SOURCE: 'sample' }, stdio: 'inherit' });
const procs = [
  spawn('node', ['test/servers/fixture-server.mjs', '--port', String(FIX_PORT), '--root', 'bench/out'], { cwd: ROOT, stdio: 'ignore' }),
  spawn('node', ['node_modules/vite/bin/vite.js', 'preview', '--outDir', 'dist-bench', '--base', '/pollux-web/', '--port', String(APP_PORT), '--strictPort', '--host', '127.0.0.1'], { cwd: ROOT, stdio: 'ignore' }),
];
try {
  await waitFor(`http://127.0.0.1:${FIX_PORT}/health`);
  await waitFor(`http://127.0.0.1:${APP_PORT}/pollux-web/`);
  const profile = resolve(OUT, `profile-${Date.now()}`);
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-quic'] });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  // Records when the first list row enters the DOM (the bench's "usable" moment), so the warm
  // open can be broken down against the app's performance marks.
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector('[data-testid="instruction-row"]')) {
        performance.mark('bench:first-row');
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const url = `http://127.0.0.1:${APP_PORT}/pollux-web/#/explore?source=${encodeURIComponent(`mirror:http://127.0.0.1:${FIX_PORT}/files`)}`;
  await fetch(`http://127.0.0.1:${FIX_PORT}/log/reset`);
  let t0 = Date.now();
  await page.goto(url);
  await page.getByTestId('instruction-row').first().waitFor({ timeout: 300_000 });
  const cold = Date.now() - t0;
  const log = await (await fetch(`http://127.0.0.1:${FIX_PORT}/log`)).json();
  const shardBytes = log.filter((e) => e.path.includes('/POLLUX/resolve/')).reduce((s, e) => s + e.bytes, 0);
  const allBytes = log.reduce((s, e) => s + e.bytes, 0);
  const statuses = [...new Set(log.map((e) => e.status))];
  await fetch(`http://127.0.0.1:${FIX_PORT}/log/reset`);
  // BENCH_PROFILE=1 writes a CPU profile of the warm open (main thread) to bench/out/warm.cpuprofile.
  const cdp = process.env.BENCH_PROFILE ? await ctx.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  t0 = Date.now();
  await page.reload();
  await page.getByTestId('instruction-row').first().waitFor({ timeout: 60_000 });
  const warm = Date.now() - t0;
  if (cdp) writeFileSync(resolve(OUT, 'warm.cpuprofile'), JSON.stringify((await cdp.send('Profiler.stop')).profile));
  const warmInApp = await page.evaluate(() => performance.now());
  const spans = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const marks = performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]);
    return [['html received', nav.responseEnd], ['DOMContentLoaded', nav.domContentLoadedEventEnd], ...marks];
  });
  const warmLog = await (await fetch(`http://127.0.0.1:${FIX_PORT}/log`)).json();
  await ctx.close();
  console.log(`
POLLUX replica: ${TOTAL_ROWS} rows in 3 shards
  whole files (3 shards)                 ${mb(whole)}
  projected list column chunks           ${mb(projected)}   (+ footers ${mb(footers)})
cold open (first usable list)            ${(cold / 1000).toFixed(2)} s
  bytes transferred, shards              ${mb(shardBytes)}  = ${(shardBytes / projected).toFixed(2)} × projected chunks, ${((100 * shardBytes) / whole).toFixed(1)} % of the files
  bytes transferred, all data requests   ${mb(allBytes)}   statuses: ${statuses.join(', ')}
warm open (reload, IndexedDB)            ${(warm / 1000).toFixed(2)} s wall (${(warmInApp / 1000).toFixed(2)} s since navigation), ${warmLog.length} data requests
  breakdown (ms since navigation, Δ from previous):
${spans.map(([name, t], i) => `    ${name.padEnd(36)} ${t.toFixed(0).padStart(6)}  (+${(t - (i ? spans[i - 1][1] : 0)).toFixed(0)})`).join('\n')}
`);
} finally {
  for (const p of procs) p.kill();
}
