/**
 * Metrics benchmark: POLLUX metrics + 1,000-resample cluster-bootstrap intervals over a synthetic
 * expert table the size of ai-forever/POLLUX (161,076 rows ≈ 2,100 instructions × 7 models ×
 * ~11 criteria), then each chart drawn from the result (in jsdom).
 *
 *   node bench/metrics-bench.mjs            # prints timings (ms)
 *
 * The TypeScript sources are loaded through Vite's SSR loader (Node 20 cannot run .ts itself).
 * The computation runs on Node's main thread — the same code the metrics worker runs. What the
 * worker adds is measured separately, as the app does it: the expert table goes to the worker
 * ONCE per dataset as columns (toExpertColumns → clone → ExpertStore.put), and each request
 * then clones only its settings/instructions/run. A "request" below = that clone + the worker's
 * runTask on the stored columns (the columnar report path, expert-columnar*.ts). The object
 * path (the same report from 161k row objects, what requests cost before the columnar path) is
 * measured too, for comparison on the same machine. Medians of 3 runs; CPU time printed too (on
 * a shared, overloaded machine wall time mostly measures waiting for a core).
 *
 * Two threads: in the browser the metrics worker splits the reference bootstrap with a nested
 * helper Worker (bootstrap-split.ts / bootstrap-helper.ts / bootstrap-worker.ts). Node has no
 * browser Worker, so the split request here runs the same code (runTaskAsync +
 * splitFactoredBootstrap + BootstrapHelper) with the helper on a node:worker_threads thread —
 * this file again, started in helper mode, running the same pure kernel
 * (factoredResampleStats) on a structured clone of the same typed arrays. The helper thread is
 * started and warmed up before timing, as the app's helper is reused between reports. CPU time
 * is process-wide (both threads).
 * Targets (issue 6): report < 300 ms; each chart < 100 ms.
 */
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { createServer } from 'vite';

const server = await createServer({ server: { middlewareMode: true, hmr: false, ws: false }, appType: 'custom', logLevel: 'error', optimizeDeps: { noDiscovery: true } });
if (!isMainThread) {
  // Helper mode: what bootstrap-worker.ts does, on a Node thread.
  const { factoredResampleStats } = await server.ssrLoadModule('/src/lib/stats/index.ts');
  parentPort.on('message', ({ id, data, options, from, to }) => {
    try {
      const stats = factoredResampleStats(data, options, from, to);
      parentPort.postMessage({ id, kind: 'stats', stats }, [stats.buffer]);
    } catch (e) {
      parentPort.postMessage({ id, kind: 'error', message: String(e) });
    }
  });
  parentPort.postMessage('ready');
} else try {
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
  const input = { settings, instructions, run: null, experts, categories };

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fmt = (xs) => `${xs.map((r) => r.toFixed(1)).join(', ')} (median ${median(xs).toFixed(1)})`;
  const timed = (f) => {
    const c0 = process.cpuUsage();
    const s = performance.now();
    const r = f();
    const wall = performance.now() - s;
    const c1 = process.cpuUsage(c0);
    return { r, wall, cpu: (c1.user + c1.system) / 1000 };
  };

  // Before: every request cloned the whole input, 161k expert objects included.
  const oldClone = timed(() => structuredClone(input)).wall;
  // Now: once per dataset, the table travels as columns and is decoded in the worker.
  const once = timed(() => {
    const store = new metrics.ExpertStore();
    store.put('bench', structuredClone(metrics.toExpertColumns(experts)));
    return store;
  });
  const store = once.r;
  const request = { ...input, experts: [] };
  const inWorker = (input) => {
    const r = metrics.runTask(store.resolve({ type: 'report', input }, 'bench'));
    if (r.type !== 'report') throw new Error('unexpected task result');
    return r.result;
  };

  // Warm-up once (JIT), then measure.
  inWorker({ ...request, settings: { ...settings, resamples: 50 } });
  const walls = [];
  const cpus = [];
  const clones = [];
  let report;
  for (let i = 0; i < 3; i++) {
    const t = timed(() => inWorker(structuredClone(request)));
    report = t.r;
    walls.push(t.wall);
    cpus.push(t.cpu);
    clones.push(timed(() => structuredClone(request)).wall);
  }
  // Two threads: the same request with the bootstrap split with a worker_threads helper.
  const thread = new Worker(new URL(import.meta.url));
  await new Promise((resolve, reject) => {
    thread.once('message', resolve);
    thread.once('error', reject);
  });
  const helper = new metrics.BootstrapHelper((onMessage, onFail) => {
    thread.on('message', onMessage);
    thread.on('error', (e) => onFail(String(e)));
    return { post: (msg) => thread.postMessage(msg), close: () => void thread.terminate() };
  });
  const splitWheres = [];
  const inWorkerSplit = (input) =>
    metrics.runTaskAsync(store.resolve({ type: 'report', input }, 'bench'), async (data, options) => {
      const r = await metrics.splitFactoredBootstrap(data, options, helper);
      splitWheres.push(r.where);
      return r.cis;
    });
  const timedAsync = async (f) => {
    const c0 = process.cpuUsage();
    const s = performance.now();
    const r = await f();
    const wall = performance.now() - s;
    const c1 = process.cpuUsage(c0);
    return { r, wall, cpu: (c1.user + c1.system) / 1000 };
  };
  await inWorkerSplit({ ...request, settings: { ...settings, resamples: 50 } });
  const splitRuns = [];
  for (let i = 0; i < 3; i++) splitRuns.push(await timedAsync(() => inWorkerSplit(structuredClone(request))));
  await thread.terminate();
  for (const t of splitRuns) {
    if (t.r.type !== 'report' || JSON.stringify(t.r.result) !== JSON.stringify(report)) throw new Error('split and single-thread reports differ');
  }
  if (splitWheres.some((w) => w !== 'split')) throw new Error(`the helper thread did not answer: ${splitWheres.join(', ')}`);

  const noCi = [0, 1, 2].map(() => timed(() => inWorker({ ...request, settings: { ...settings, resamples: 0 } })));
  // The object path on the same rows: the previous per-request cost, and a check that both agree.
  const rows = metrics.fromExpertColumns(metrics.toExpertColumns(experts));
  metrics.computeReport({ ...request, experts: rows, settings: { ...settings, resamples: 50 } });
  const objectRuns = [0, 1, 2].map(() => timed(() => metrics.computeReport({ ...request, experts: rows })));
  if (JSON.stringify(objectRuns[0].r) !== JSON.stringify(report)) throw new Error('columnar and object reports differ');

  console.log(`expert rows: ${experts.length}, instructions: ${N_INS}, models: ${MODELS.length}, resamples: ${settings.resamples}`);
  console.log(`structured clone of the whole input as objects (old per-request cost): ${oldClone.toFixed(1)} ms`);
  console.log(`expert table to the worker once per dataset (columns, clone, decode): wall ${once.wall.toFixed(1)} ms, CPU ${once.cpu.toFixed(1)} ms`);
  console.log(`per-request clone without the expert table: ${fmt(clones)} ms`);
  console.log(`metrics without intervals: wall ${fmt(noCi.map((t) => t.wall))} ms; CPU ${fmt(noCi.map((t) => t.cpu))} ms`);
  console.log(`request: metrics + 1,000-resample intervals (3 runs): wall ${fmt(walls)} ms; CPU ${fmt(cpus)} ms  (target < 300)`);
  console.log(
    `request, bootstrap split across 2 threads (worker_threads helper; 3 runs): wall ${fmt(splitRuns.map((t) => t.wall))} ms; CPU (both threads) ${fmt(splitRuns.map((t) => t.cpu))} ms  (target < 300; identical report: yes)`,
  );
  console.log(`same report via the object path (161k row objects; before): wall ${fmt(objectRuns.map((t) => t.wall))} ms; CPU ${fmt(objectRuns.map((t) => t.cpu))} ms (identical: yes)`);

  const { doc } = { doc: new JSDOM('<!doctype html><body></body>').window.document };
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
    const s = performance.now();
    draw();
    console.log(`chart ${name}: ${(performance.now() - s).toFixed(1)} ms (jsdom; target < 100)`);
  }
} finally {
  await server.close();
}
