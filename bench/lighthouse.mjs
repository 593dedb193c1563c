/**
 * Lighthouse on the production build (served under /pollux-web/, as on GitHub Pages, with the
 * bundled sample as its data), mobile and desktop presets, 3 runs each, on:
 *   - explore: the instruction list (a first visit: the sample is read and cached);
 *   - metrics: the reference models' metrics and charts from the sample's expert scores;
 *   - metrics-share: a judged run's metrics and charts opened from a share link (no storage);
 *   - baseline: a static page with one paragraph, served by the same server in the same run, so
 *     the app's LCP can be read as a ratio to what this machine needs to paint anything.
 * Prints per page and preset the scores (performance, accessibility, best practices, SEO) and
 * CLS / LCP / TBT as min / median / max, the longest main-thread task and the scripts that ran
 * longest. (That the first paint needs only the document and the entry chunk is checked by
 * test/e2e/shell.spec.ts, which holds every other script back.) Offline: Debian Chromium, the local build, nothing fetched from elsewhere (Lighthouse's
 * default storage reset gives each run a cold profile).
 *
 *   node bench/lighthouse.mjs                 # build, then 3 runs of everything
 *   node bench/lighthouse.mjs --runs 1 --no-build --pages explore --presets mobile
 *   … --save-reports                         # also writes each full report to bench/out/lighthouse-*.json
 *   … --dist /tmp/other-build                # audits a build made elsewhere (another commit: A/B runs)
 *   … --no-settle                            # the first audit starts as soon as Chromium is launched
 *
 * Targets (bench/README.md): CLS < 0.1 everywhere; mobile performance ≥ 90 (median) on explore and
 * metrics; accessibility 100.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { createServer, preview } from 'vite';
import { settle, treeCpu } from './browser-cpu.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    build: { type: 'boolean', default: true },
    'no-build': { type: 'boolean', default: false },
    pages: { type: 'string', default: 'baseline,explore,metrics,metrics-share' },
    presets: { type: 'string', default: 'mobile,desktop' },
    port: { type: 'string', default: '4235' },
    'save-reports': { type: 'boolean', default: false },
    dist: { type: 'string' },
    'no-settle': { type: 'boolean', default: false },
  },
});
const root = new URL('..', import.meta.url).pathname;
const RUNS = Number(args.runs);
const PORT = Number(args.port);
// --dist DIR: audit a build made elsewhere (e.g. of another commit, for an A/B in the same session).
const OUT = resolve(root, args.dist ?? 'bench/out/lighthouse-dist');
const BASE = '/pollux-web/';

if (!args['no-build'] && !args.dist) {
  console.log('building…');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', OUT, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, BASE_PATH: BASE, VITE_DEFAULT_SOURCE: 'sample' },
  });
}
mkdirSync(OUT, { recursive: true });
writeFileSync(
  `${OUT}/bench-baseline.html`,
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="description" content="baseline"><title>baseline</title></head><body><h1>Baseline</h1><p>One paragraph of static text, the least any page can paint.</p></body></html>',
);

/** A share link to a small judged run's metrics, built with the app's own functions. */
async function shareHash() {
  const vite = await createServer({ root, server: { middlewareMode: true, hmr: false, ws: false }, appType: 'custom', logLevel: 'error', optimizeDeps: { noDiscovery: true } });
  try {
    const m = await vite.ssrLoadModule('/src/lib/metrics/index.ts');
    const { encodeShare } = await vite.ssrLoadModule('/src/lib/metrics/share-codec.ts');
    const { INSTRUCTIONS, SCORES } = await vite.ssrLoadModule('/test/unit/metrics/fixtures/small-run.ts');
    const scoreOf = (id, name) => {
      for (const s of SCORES) {
        const r = /\[RESULT\]\s*(\S+)\s*\[END\]/.exec(s.response);
        if (r && s.meta.prompt_id === id && s.meta.criteria_name === name) return Number(r[1]);
      }
      return 0;
    };
    const judgments = INSTRUCTIONS.flatMap((i) =>
      i.criteria.map((c) => ({ prompt_id: i.prompt_id, criteria_name: c.criteria_name, rubrics: c.rubrics, status: 'done', outcome: { kind: 'score', score: scoreOf(i.prompt_id, c.criteria_name), feedback: '' } })),
    );
    const settings = { gate: 'official', resamples: 200, seed: 1 };
    const report = m.computeReport({ settings, instructions: INSTRUCTIONS, run: { id: 'r', label: 'bench run', judgments }, experts: [], categories: [] });
    const payload = encodeShare(m.buildSharePayload({ name: 'bench run', info: { judge: 'pollux-judge-7b' }, settings, instructions: INSTRUCTIONS, judgments, categories: [], references: report.systems.slice(1) }));
    return `#/metrics/share/${payload}`;
  } finally {
    await vite.close();
  }
}

const server = await preview({ root, base: BASE, build: { outDir: OUT }, preview: { port: PORT, strictPort: true, host: '127.0.0.1' }, logLevel: 'error' });
const origin = `http://127.0.0.1:${PORT}${BASE}`;
const PAGES = {
  baseline: `${origin}bench-baseline.html`,
  explore: `${origin}#/explore`,
  // The reference models' report (what "Reference models only" shows): Metrics with content.
  metrics: `${origin}#/metrics?run=__references__`,
  'metrics-share': `${origin}${await shareHash()}`,
};

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-quic'],
});
// The first audit starts once the new browser's own start-up work is over (bench/browser-cpu.mjs).
if (!args['no-settle']) console.log(`browser settled in ${await settle(() => treeCpu(chrome.pid))} s`);

async function audit(url, preset) {
  const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'] };
  const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
  const lhr = result.lhr;
  if (args['save-reports']) writeFileSync(`${root}bench/out/lighthouse-${url.includes('share') ? 'metrics-share' : url.replace(/^.*[#/]/, '') || 'page'}-${preset}-${Date.now()}.json`, JSON.stringify(lhr));
  const a = lhr.audits;
  const longTasks = a['long-tasks']?.details?.items ?? [];
  const bootup = (a['bootup-time']?.details?.items ?? [])
    .slice()
    .sort((p, q) => q.scripting - p.scripting)
    .slice(0, 3)
    .map((i) => `${i.url.replace(/^.*\//, '').slice(0, 40)} ${Math.round(i.scripting)} ms`);
  return {
    performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
    bestPractices: Math.round((lhr.categories['best-practices'].score ?? 0) * 100),
    seo: Math.round((lhr.categories.seo.score ?? 0) * 100),
    cls: a['cumulative-layout-shift'].numericValue,
    lcp: a['largest-contentful-paint'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
    longestTask: longTasks.reduce((m, t) => Math.max(m, t.duration ?? 0), 0),
    bootup: bootup.join(', '),
    failing: Object.values(a)
      .filter((x) => x.score !== null && x.score < 1 && ['accessibility', 'best-practices', 'seo'].some((cat) => lhr.categories[cat].auditRefs.some((r) => r.id === x.id && r.weight > 0)))
      .map((x) => x.id),
  };
}

const stats = (xs) => {
  const s = [...xs].sort((p, q) => p - q);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const fmt = (o, digits = 0) => `${o.min.toFixed(digits)} / ${o.median.toFixed(digits)} / ${o.max.toFixed(digits)}`;

const results = {};
try {
  for (const preset of args.presets.split(',')) {
    for (const page of args.pages.split(',')) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await audit(PAGES[page], preset));
      results[`${page}|${preset}`] = runs;
    }
  }
} finally {
  await chrome.kill();
  await new Promise((r) => server.httpServer.close(r));
}

console.log(`\nLighthouse ${RUNS} run(s) each; min / median / max. Load average now: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const [key, runs] of Object.entries(results)) {
  const [page, preset] = key.split('|');
  const base = results[`baseline|${preset}`];
  const col = (k) => stats(runs.map((r) => r[k]));
  const lcp = col('lcp');
  const ratio = base && page !== 'baseline' ? ` (×${(lcp.median / stats(base.map((r) => r.lcp)).median).toFixed(2)} the baseline's median)` : '';
  console.log(`\n${page} · ${preset}`);
  console.log(`  performance ${fmt(col('performance'))} · accessibility ${fmt(col('accessibility'))} · best practices ${fmt(col('bestPractices'))} · SEO ${fmt(col('seo'))}`);
  console.log(`  CLS ${fmt(col('cls'), 3)} · LCP ${fmt(lcp)} ms${ratio} · TBT ${fmt(col('tbt'))} ms`);
  console.log(`  longest main-thread task ${fmt(col('longestTask'))} ms`);
  console.log(`  most scripting (first run): ${runs[0].bootup}`);
  const failing = [...new Set(runs.flatMap((r) => r.failing))];
  if (failing.length > 0) console.log(`  audits below 1 (a11y / best practices / SEO): ${failing.join(', ')}`);
}
