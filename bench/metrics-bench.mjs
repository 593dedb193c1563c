/**
 * Metrics benchmark: POLLUX metrics + 1,000-resample cluster-bootstrap intervals over a synthetic
 * expert table the size of ai-forever/POLLUX (161,076 rows ≈ 2,100 instructions × 7 models ×
 * ~11 criteria), on ONE thread, then each chart drawn from the result (in jsdom).
 *
 *   node bench/metrics-bench.mjs [runs]     # default 7 runs of each measure
 *
 * The TypeScript sources are loaded through Vite's SSR loader (Node 20 cannot run .ts itself).
 * What is timed is what the metrics worker does (the same handlers, metricsService): the expert
 * table is stored once per dataset, then a request is the structured clone of its message plus
 * the computation. Baseline, measured in the same run: the same request without intervals
 * (resamples 0, i.e. the plain means). Each measure prints min/median/max of wall time and of
 * CPU time (on a shared machine wall time also measures waiting for a core).
 *
 * The bench also checks that the full-size reports are bit-identical to the ones the previous
 * implementation produced (SHA-256 of their JSON, recorded before the one-path refactor).
 * Budget (bench/README.md): metrics + intervals ≤ 600 ms median on one thread; each chart < 100 ms.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createServer } from 'vite';

const RUNS = Number(process.argv[2] ?? 7);
const BUDGET_MS = 600;
/** SHA-256 of JSON.stringify(report) from the implementation before the refactor (same data). */
const PINNED = {
  references: 'bae57d8c971972538bbcc7c046005fc23bd6ebad4352b32e44097d31a72b3590',
  run: 'dfe895ab9a854698cbfd67ce1aa6412e9216dbd42eea2d308f3a0eda5e3e839a',
};

const server = await createServer({ server: { middlewareMode: true, hmr: false, ws: false }, appType: 'custom', logLevel: 'error', optimizeDeps: { noDiscovery: true } });
try {
  const metrics = await server.ssrLoadModule('/src/lib/metrics/index.ts');
  const charts = await server.ssrLoadModule('/src/lib/charts/index.ts');
  const { JSDOM } = await import('jsdom');

  // Deterministic synthetic data.
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  const R2 = '0: плохо\n\n1: средне\n\n2: хорошо';
  const R01 = '0: нет\n\n1: да';
  const META = ['QA', 'Creative Generation', 'Text Transformation', 'Human Interaction', 'Text-Based Generation', 'Original Text Generation', 'ИИ как персонаж', 'Technical Problems'];
  const DIFF = ['Easy', 'Medium', 'Hard', 'High School', 'University'];
  const DOMAIN = ['Общее', 'Художественный', 'Научный', 'Публицистический', 'Официальный', 'Разговорный'];
  const GENERAL = ['Грамотность', 'Речевые ошибки', 'Проактивность', 'Отсутствие зацикливаний', 'Понимание задачи'];
  const SUBJ = ['Ценность', 'Стиль'];
  const CRIT = ['Критичное нарушение формата', 'Заглушка цензора'];
  const MODELS = ['gpt4', 'tpro', 'claude', 'o1', 'gigachat', 'yagpt', 'llama'];
  const N_INS = 2100;
  const instructions = [];
  const categories = [];
  for (const n of CRIT) categories.push([n, R01, 'Critical']);
  for (const n of GENERAL) categories.push([n, R2, 'General']);
  for (const n of SUBJ) categories.push([n, R2, 'Subjective']);
  for (let i = 0; i < N_INS; i++) {
    const domain = DOMAIN[i % DOMAIN.length];
    const task = `Задача ${i % 35}`;
    const criteria = [
      ...CRIT.map((c) => ({ criteria_name: c, rubrics: R01 })),
      ...GENERAL.map((c) => ({ criteria_name: c, rubrics: R2 })),
      ...SUBJ.map((c) => ({ criteria_name: c, rubrics: R2 })),
      { criteria_name: `Стилевой: ${domain}`, rubrics: R2 },
      { criteria_name: `Задачный: ${task}`, rubrics: R2 },
    ];
    instructions.push({ prompt_id: i + 1, meta: META[i % META.length], difficulty: DIFF[i % 3 === 0 && i % 7 === 0 ? 3 + (i % 2) : i % 3], task_type: task, domain, criteria });
  }
  for (const d of DOMAIN) categories.push([`Стилевой: ${d}`, R2, 'Domain-specific']);
  for (let t = 0; t < 35; t++) categories.push([`Задачный: Задача ${t}`, R2, 'Task-specific']);
  const experts = [];
  outer: for (const ins of instructions) {
    for (let m = 0; m < MODELS.length; m++) {
      const skill = 0.55 + m * 0.05;
      for (const c of ins.criteria) {
        if (experts.length >= 161_076) break outer;
        const binary = c.rubrics === R01;
        const score = binary ? (rnd() < 0.03 ? 1 : 0) : Math.min(2, Math.max(0, Math.round((skill + (rnd() - 0.5)) * 4) / 2));
        experts.push({ prompt_id: ins.prompt_id, model_id: MODELS[m], criteria_name: c.criteria_name, rubrics: c.rubrics, criteria_score: score });
      }
    }
  }
  const settings = { gate: 'official', resamples: 1000, seed: 1 };
  const request = { settings, instructions, run: null, categories };
  // A run over the first 700 instructions: gpt4's expert scores rounded, as a judge would give.
  const judgments = experts
    .filter((e) => e.model_id === 'gpt4' && e.prompt_id <= 700)
    .map((e) => ({ prompt_id: e.prompt_id, criteria_name: e.criteria_name, rubrics: e.rubrics, status: 'done', outcome: { kind: 'score', score: Math.min(2, Math.round(e.criteria_score)), feedback: '' } }));
  const runRequest = { ...request, run: { id: 'run', label: 'run', judgments } };

  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
  };
  const fmt = (xs) => {
    const { min, median, max } = stats(xs);
    return `min ${min.toFixed(1)} / median ${median.toFixed(1)} / max ${max.toFixed(1)}`;
  };
  const timed = (f) => {
    const c0 = process.cpuUsage();
    const s = performance.now();
    const r = f();
    const wall = performance.now() - s;
    const c1 = process.cpuUsage(c0);
    return { r, wall, cpu: (c1.user + c1.system) / 1000 };
  };

  // Once per dataset: rows → score table on the page, cloned into the worker, checked and stored.
  const service = metrics.metricsService();
  const once = timed(() => service.experts({ key: 'bench', table: structuredClone(metrics.toScoreTable(experts)) }));
  const handle = (input) => {
    const r = service.run(structuredClone({ task: { type: 'report', input }, expertsKey: 'bench' }));
    if (r.type !== 'report') throw new Error('unexpected task result');
    return r.result;
  };

  // Warm-up (JIT), then the two measures interleaved, so load on the machine hits both alike.
  handle({ ...request, settings: { ...settings, resamples: 50 } });
  handle({ ...request, settings: { ...settings, resamples: 0 } });
  const full = [];
  const plain = [];
  let report;
  for (let i = 0; i < RUNS; i++) {
    const t = timed(() => handle(request));
    report = t.r;
    full.push(t);
    plain.push(timed(() => handle({ ...request, settings: { ...settings, resamples: 0 } })));
  }
  const withRun = [];
  let runReport;
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
    const t = timed(() => handle(runRequest));
    runReport = t.r;
    withRun.push(t);
  }
  const sha = (x) => createHash('sha256').update(JSON.stringify(x)).digest('hex');
  const identical = { references: sha(report) === PINNED.references, run: sha(runReport) === PINNED.run };

  const median = (ts) => stats(ts.map((t) => t.wall)).median;
  console.log(`expert rows: ${experts.length}, instructions: ${N_INS}, models: ${MODELS.length}, resamples: ${settings.resamples}, runs: ${RUNS}, one thread`);
  console.log(`expert table to the worker, once per dataset (score table, clone, check): wall ${once.wall.toFixed(1)} ms, CPU ${once.cpu.toFixed(1)} ms`);
  console.log(`baseline, plain means (no intervals): wall ${fmt(plain.map((t) => t.wall))} ms; CPU ${fmt(plain.map((t) => t.cpu))} ms`);
  console.log(`reference models, metrics + 1,000-resample intervals: wall ${fmt(full.map((t) => t.wall))} ms; CPU ${fmt(full.map((t) => t.cpu))} ms`);
  console.log(`  ratio to the plain means (medians): ${(median(full) / median(plain)).toFixed(1)}×; budget ${BUDGET_MS} ms: ${median(full) <= BUDGET_MS ? 'met' : 'MISSED'}`);
  console.log(`a run (${judgments.length} judgments, 700 instructions) + the reference models on its instructions: wall ${fmt(withRun.map((t) => t.wall))} ms; CPU ${fmt(withRun.map((t) => t.cpu))} ms`);
  console.log(`reports bit-identical to the previous implementation's: references ${identical.references ? 'yes' : 'NO'}, with a run ${identical.run ? 'yes' : 'NO'}`);

  const doc = new JSDOM('<!doctype html><body></body>').window.document;
  const sys = report.systems[0];
  const base = { doc, width: 800, lang: 'en', title: 'bench' };
  const criteria = Object.keys(sys.pollux.matrix);
  const chartsToDraw = {
    'task groups + CI': () => charts.barsWithCi(sys.breakdowns.task_type, base),
    'criterion × model heatmap': () =>
      charts.heatmap(
        {
          rows: criteria,
          cols: report.systems.map((s) => ({ id: s.id, label: s.label })),
          values: criteria.map((c) => report.systems.map((s) => s.breakdowns.criterion.find((e) => e.key === c)?.mean ?? null)),
          counts: criteria.map((c) => report.systems.map((s) => s.breakdowns.criterion.find((e) => e.key === c)?.n ?? 0)),
        },
        base,
      ),
    'difficulty profile': () =>
      charts.difficultyProfile(
        report.systems.map((s) => ({ id: s.id, label: s.label, points: s.breakdowns.difficulty.map((e) => ({ level: e.key, mean: e.mean, ci: e.ci, n: e.n })) })),
        base,
      ),
    histogram: () => charts.histogram(sys.histogram, base),
    'confusion matrix': () => charts.confusionMatrix({ levels: [0, 1, 2], counts: [[900, 80, 10], [70, 800, 90], [5, 60, 950]] }, base),
    scatter: () => charts.judgeScatter([0, 0.5, 1, 1.5, 2].flatMap((e) => [0, 1, 2].map((j) => ({ expert: e, judge: j, count: 1 + Math.round(rnd() * 500) }))), base),
  };
  for (const [name, draw] of Object.entries(chartsToDraw)) {
    draw();
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      draw();
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const f = (ms) => ms.toFixed(1);
    console.log(`chart ${name}: min ${f(times[0])} / median ${f(times[Math.floor((times.length - 1) / 2)])} / max ${f(times.at(-1))} ms (jsdom; target < 100)`);
  }
  if (!identical.references || !identical.run) process.exitCode = 1;
} finally {
  await server.close();
}
