/**
 * Metrics end to end, against the production build: a run imported as a bundle through the
 * Results page → the Metrics page computes (in its worker) POLLUX's matrix identical to
 * metrics.py, draws the charts, a chart downloads as SVG and PNG, metrics.csv downloads, a mark
 * click filters the Results page, and a share link opens the same charts in a fresh page
 * without its payload ever appearing in a request.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { gotoApp } from './helpers.ts';
import { expandRun, RUN_BUNDLE_FORMAT, RUN_BUNDLE_VERSION, type RunBundle } from '../../src/lib/run/index.ts';
import type { RunSettings } from '../../src/lib/store/run-records.ts';
import { buildSharePayload, computeReport, type RunJudgment } from '../../src/lib/metrics/index.ts';
import { encodeShare } from '../../src/lib/metrics/share-codec.ts';
import { EXPECTED_CSV, INSTRUCTIONS, SCORES } from '../unit/metrics/fixtures/small-run.ts';

const RUN_NAME = 'metrics-e2e-run';
/**
 * A report needs the dataset's expert table read, the run read and the worker's computation:
 * the bound this project uses for a report to appear (as agreement.spec and a11y.spec do),
 * applied to the first wait for one in each test; later steps use the default.
 */
const REPORT = { timeout: 30_000 };

/** The fixture's scores, one per (instruction, criterion): the first parsable entry wins. */
function scoreOf(prompt_id: number, criteria_name: string): number {
  for (const s of SCORES) {
    const m = /\[RESULT\]\s*(\S+)\s*\[END\]/.exec(s.response);
    if (m && s.meta.prompt_id === prompt_id && s.meta.criteria_name === criteria_name) return Number(m[1]);
  }
  throw new Error(`no score for ${prompt_id} ${criteria_name}`);
}

/** The fixture's run as a bundle; `judge` renames the judge model, `pending` leaves those instructions unjudged. */
async function bundle(options: { judge?: string; pending?: number[] } = {}): Promise<RunBundle> {
  const pending = new Set(options.pending ?? []);
  const settings: RunSettings = {
    judge: { kind: 'openai', baseUrl: 'http://127.0.0.1:9', model: options.judge ?? 'pollux-judge-7b', outputFormat: 'tagged', polluxTrained: true, concurrency: 1 },
    sampling: { temperature: 0, top_p: 1, max_tokens: 64, seed: 0 },
    maxParseRetries: 0,
    answersFrom: { kind: 'candidate', model: 'my-model' },
    datasetKey: 'sample@test',
    orderSeed: 1,
  };
  const answers = INSTRUCTIONS.map((i) => ({ prompt_id: i.prompt_id, answer: `ответ ${i.prompt_id}` }));
  const expanded = await expandRun({ settings, instructions: INSTRUCTIONS, answers });
  return {
    format: RUN_BUNDLE_FORMAT,
    version: RUN_BUNDLE_VERSION,
    exportedAt: new Date(0).toISOString(),
    run: { id: 'x', name: RUN_NAME, createdAt: 1_700_000_000_000, status: 'done', settings, answerSource: 'import' },
    instructions: INSTRUCTIONS,
    answers,
    jobs: expanded.jobs.map((j) =>
      pending.has(j.prompt_id)
        ? { jobId: j.jobId, order: j.order, prompt_id: j.prompt_id, criterionIndex: j.criterionIndex, criteria_name: j.criteria_name, status: 'pending' as const, cacheKey: j.cacheKey, attempts: 0, attemptKeys: [] }
        : {
            jobId: j.jobId,
            order: j.order,
            prompt_id: j.prompt_id,
            criterionIndex: j.criterionIndex,
            criteria_name: j.criteria_name,
            status: 'done' as const,
            cacheKey: j.cacheKey,
            attempts: 1,
            attemptKeys: [j.cacheKey],
            resultKey: j.cacheKey,
          },
    ),
    judgments: expanded.jobs.filter((j) => !pending.has(j.prompt_id)).map((j) => ({
      cacheKey: j.cacheKey,
      raw: `[FEEDBACK] ok [RESULT] ${scoreOf(j.prompt_id, j.criteria_name)} [END]`,
      createdAt: 1_700_000_000_000,
    })),
  };
}

async function importRun(page: Page, b?: RunBundle): Promise<void> {
  await gotoApp(page, '/results');
  const json = JSON.stringify(b ?? (await bundle()));
  await page.getByTestId('bundle-import').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await expect(page.getByTestId('bundle-imported')).toBeVisible();
}

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(file) };
}

test('a run: POLLUX matrix, charts, downloads, and a click filters the results', async ({ page }) => {
  await importRun(page);
  await gotoApp(page, '/metrics');
  await page.locator('[data-lang="en"]').click();
  const option = page.getByTestId('metrics-run').locator('option', { hasText: RUN_NAME });
  await page.getByTestId('metrics-run').selectOption((await option.getAttribute('value')) ?? '');

  // metrics.py's matrix: grand mean 3.5 / 6 (the fixture's hand-derived value).
  await expect(page.getByTestId('grand-mean')).toHaveText('0.583', REPORT);
  await expect(page.getByTestId('pollux-matrix')).toContainText('mean_over_criteria');
  await expect(page.getByTestId('coverage')).toContainText('zeroed by the gate in 2 instructions');
  await expect(page.getByTestId('computed-where')).toHaveAttribute('data-where', 'worker');
  // "Show" names the system shown (the run) instead of rendering blank.
  await expect(page.getByTestId('system-select').locator('option:checked')).toHaveText(RUN_NAME);
  // On the Critical criteria 0 is the good result: said beside the matrix.
  await expect(page.getByTestId('critical-note')).toContainText('0 is the good result');

  for (const id of ['task-groups', 'categories', 'heatmap', 'difficulty', 'histogram']) {
    await expect(page.locator(`[data-testid="chart-${id}"] svg[role="img"]`)).toBeVisible();
  }
  const bar = page.locator('[data-testid="chart-task-groups"] rect[data-clickable]').first();
  await expect(bar).toHaveAttribute('data-tip', /scores \d+/);

  const csv = await download(page, 'download-metrics-csv');
  expect(csv.name).toMatch(/metrics\.csv$/);
  // The same bytes metrics.py writes for these scores.
  expect(csv.bytes.toString('utf8')).toBe(EXPECTED_CSV);

  const svg = await download(page, 'chart-task-groups-svg');
  expect(svg.name).toBe('task-groups.svg');
  const svgText = svg.bytes.toString('utf8');
  expect(svgText).toContain('<svg');
  expect(svgText).not.toContain('var(--'); // theme colours resolved for the file
  const png = await download(page, 'chart-heatmap-png');
  expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');

  await bar.click();
  await expect(page).toHaveURL(/#\/results\/[^?]+\?group=/);
});

test('share link round trip: same charts in a fresh page, payload never sent', async ({ page, context }) => {
  const judgments: RunJudgment[] = INSTRUCTIONS.flatMap((i) =>
    i.criteria.map((c) => ({
      prompt_id: i.prompt_id,
      criteria_name: c.criteria_name,
      rubrics: c.rubrics,
      status: 'done' as const,
      outcome: { kind: 'score' as const, score: scoreOf(i.prompt_id, c.criteria_name), feedback: '' },
    })),
  );
  const settings = { gate: 'official' as const, resamples: 200, seed: 1 };
  const report = computeReport({ settings, instructions: INSTRUCTIONS, run: { id: 'r', label: RUN_NAME, judgments }, categories: [] }, null);
  const payload = encodeShare(
    buildSharePayload({ name: RUN_NAME, info: { judge: 'pollux-judge-7b' }, settings, instructions: INSTRUCTIONS, judgments, categories: [], references: report.systems.slice(1) }),
  );
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));

  await gotoApp(page, `/metrics/share/${payload}`);
  await expect(page.getByTestId('share-info')).toContainText(RUN_NAME);
  await expect(page.getByTestId('grand-mean')).toHaveText(/0[.,]583/, REPORT);
  await expect(page.locator('[data-testid="chart-task-groups"] svg[role="img"]')).toBeVisible();
  const tipsA = await page.locator('[data-testid="chart-task-groups"] rect[data-tip]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tip')));

  const other = await context.newPage();
  await gotoApp(other, `/metrics/share/${payload}`);
  await expect(other.getByTestId('grand-mean')).toHaveText(/0[.,]583/, REPORT);
  const tipsB = await other.locator('[data-testid="chart-task-groups"] rect[data-tip]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tip')));
  expect(tipsB).toEqual(tipsA);
  expect(tipsA.length).toBeGreaterThan(0);

  const csv = await download(other, 'download-metrics-csv');
  expect(csv.bytes.toString('utf8').split('\n')[0]).toBe('criteria_name,Creative Generation,QA,ИИ как персонаж,mean_over_meta');

  expect(requests.length).toBeGreaterThan(0);
  const probe = payload.slice(0, 24);
  expect(requests.filter((u) => u.includes(probe))).toEqual([]);

  // A damaged link says where it breaks.
  await gotoApp(other, `/metrics/share/${payload.slice(0, 40)}`);
  await expect(other.getByTestId('share-error')).toBeVisible();
});

test("a link made on the page opens the run's report elsewhere; when its code cannot load, the page says what to do", async ({ page, context }) => {
  await importRun(page);
  await gotoApp(page, '/metrics');
  await page.locator('[data-lang="en"]').click();
  await expect(page.getByTestId('grand-mean')).toHaveText(/0[.,]583/, REPORT);
  // The codec is its own chunk, loaded on the click: a failed load is an error that says what to do.
  await page.route('**/share-codec-*.js', (route) => route.abort());
  await page.getByTestId('share-create').click();
  await expect(page.getByTestId('share-failed')).toContainText('Reload the page');
  await expect(page.getByTestId('share-link')).toHaveCount(0);
  await page.unroute('**/share-codec-*.js');
  await page.reload();
  await page.getByTestId('share-create').click();
  const link = await page.getByTestId('share-link').inputValue();
  await expect(page.getByTestId('share-failed')).toHaveCount(0);
  expect(link).toContain('#/metrics/share/');

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('share-info')).toContainText(RUN_NAME);
  await expect(other.getByTestId('grand-mean')).toHaveText(/0[.,]583/, REPORT);
});

test('compare: the same run imported twice differs by exactly 0; too few shared instructions for significance marks; a different judge is flagged', async ({ page }) => {
  await importRun(page);
  await page.getByTestId('bundle-import').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(await bundle({ judge: 'other-judge' }))) });
  await expect(page.getByTestId('bundle-imported')).toBeVisible();
  await gotoApp(page, '/metrics/compare');
  await page.locator('[data-lang="en"]').click();
  const values = await page.getByTestId('compare-a').locator('option', { hasText: RUN_NAME }).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(values.length).toBe(2);
  await page.getByTestId('compare-a').selectOption(values[0]);
  await page.getByTestId('compare-b').selectOption(values[1]);
  await expect(page.getByTestId('compare-shared')).toContainText('6 shared instructions', REPORT);
  const overall = page.getByTestId('compare-overall').locator('tbody tr').first();
  await expect(overall.locator('td').nth(2)).toHaveText('0.000');
  await expect(overall.locator('td').nth(3)).toHaveText('0.000 – 0.000');
  await expect(page.getByTestId('compare-criterion')).toContainText('Грамотность');
  // 6 shared instructions: no difference is called significant, and the page says why.
  await expect(page.getByTestId('compare-few')).toContainText('At least 10 are needed');
  await expect(page.locator('[data-testid^="compare-"] tbody td', { hasText: '*' })).toHaveCount(0);
  await expect(page.getByTestId('compare-judges')).toContainText('other-judge');
});

test('leaving Metrics drops its query: no ?run= follows the user to the next page', async ({ page }) => {
  await importRun(page);
  // No run in the URL: Metrics shows the newest run without writing it into the URL.
  await gotoApp(page, '/metrics');
  await expect(page.getByTestId('metrics-progress')).toBeVisible();
  await expect(page.getByTestId('grand-mean')).toBeVisible(REPORT);
  await expect(page).toHaveURL(/#\/metrics$/);
  await page.locator('[data-nav="results"]').click();
  await expect(page).toHaveURL(/#\/results$/);
  await expect(page.getByTestId('bundle-import')).toBeVisible();
  await expect(page).toHaveURL(/#\/results$/);
  // A link from a report into a run's results carries only its own filter.
  await page.goBack();
  await page.locator('[data-lang="en"]').click();
  await page.getByTestId('dim-task_type').click();
  await page.getByTestId('breakdown-table').locator('tbody a').first().click();
  await expect(page).toHaveURL(/#\/results\/[^?]+\?group=[^&]+$/);
});

test('a run judged on part of its instructions says its estimate is from a sample', async ({ page }) => {
  await importRun(page, await bundle({ pending: [5, 6] }));
  await gotoApp(page, '/metrics');
  await page.locator('[data-lang="en"]').click();
  await expect(page.getByTestId('sample-note')).toContainText('a sample of 4 of the run’s 6 instructions', REPORT);
});

test('charts: sized to their box, nothing focusable inside the image, data-table links filter from the keyboard, phone width without page scroll', async ({ page }) => {
  await importRun(page);
  await gotoApp(page, '/metrics');
  await page.locator('[data-lang="en"]').click();
  await expect(page.locator('[data-testid="chart-heatmap"] svg')).toBeVisible(REPORT);
  for (const id of ['task-groups', 'categories', 'heatmap', 'difficulty', 'histogram']) {
    const plot = page.locator(`[data-testid="chart-${id}"] .plot`);
    // The chart fits its plot box: no sideways scrolling, so no scroll region either.
    expect(await plot.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
    await expect(plot).not.toHaveAttribute('tabindex', '0');
    expect(await page.locator(`[data-testid="chart-${id}"] svg [tabindex], [data-testid="chart-${id}"] svg a`).count()).toBe(0);
  }
  // The data table is read by screen readers even while hidden; shown, its links work from the keyboard.
  const table = page.getByTestId('chart-task-groups-table');
  await expect(table.locator('table')).toHaveCount(1);
  await page.locator('[data-testid="chart-task-groups"] .table-toggle').click();
  const link = table.locator('tbody a').first();
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/results\/[^?]+\?group=/);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goBack();
  await expect(page.locator('[data-testid="chart-heatmap"] svg')).toBeVisible(REPORT);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  // A chart that cannot fit scrolls inside a focusable region that says what it is.
  const heat = page.locator('[data-testid="chart-heatmap"] .plot');
  if (await heat.evaluate((el) => el.scrollWidth > el.clientWidth + 1)) {
    await expect(heat).toHaveAttribute('tabindex', '0');
    await expect(heat).toHaveAttribute('aria-label', /Criterion × model/);
  }
});

test('the report arriving does not move what is already on the page', async ({ page }) => {
  await importRun(page);
  // Wide enough that the header's status line never wraps (its size is the shell's concern).
  await page.setViewportSize({ width: 1700, height: 900 });
  await page.addInitScript(() => {
    const shifts: { t: number; value: number; what: string[] }[] = [];
    Reflect.set(window, '__shifts', shifts);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; sources?: { node?: Node }[] })[]) {
        // What the Metrics page moves: its own content and the footer below it (the page's lazy
        // mount moves <main> itself: the shell's).
        const nodes = (e.sources ?? []).map((s) => s.node).filter((n): n is Element => n instanceof Element);
        const what = nodes.filter((n) => (n.closest('main') !== null && n.tagName !== 'MAIN') || n.closest('footer') !== null).map((n) => `${n.tagName}.${n.className}`);
        if (what.length > 0) shifts.push({ t: e.startTime, value: e.value, what });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await gotoApp(page, '/metrics');
  // A fresh document, so the observer sees the page from its first paint.
  await page.reload();
  await expect(page.getByTestId('metrics-progress')).toBeVisible();
  const since = await page.evaluate(() => performance.now());
  await expect(page.getByTestId('computed-where')).toBeVisible(REPORT);
  await expect(page.locator('[data-testid="chart-histogram"] svg')).toBeVisible();
  const shifts = await page.evaluate((t0) => (Reflect.get(window, '__shifts') as { t: number; value: number; what: string[] }[]).filter((s) => s.t >= t0), since);
  expect(shifts.reduce((a, s) => a + s.value, 0), JSON.stringify(shifts)).toBeLessThan(0.01);
});

test('the report renders its ranking first and the rest in the next task; charts in view are drawn as they appear, those below the fold after, one per task', async ({ page }) => {
  await page.addInitScript(() => {
    const log = { atReport: [] as { id: string; below: boolean; drawn: boolean }[], perCallback: [] as number[], matrixWithRanking: [] as boolean[] };
    Reflect.set(window, '__charts', log);
    let phase: 'before' | 'ranking' | 'report' | 'after' = 'before';
    new MutationObserver((records) => {
      if (phase === 'before' && document.querySelector('[data-testid="ranking"]')) {
        // The ranking's task: the matrix (and everything after it) is not in it.
        phase = 'ranking';
        log.matrixWithRanking.push(document.querySelector('#matrix-h') !== null);
      }
      if (phase === 'ranking' && document.querySelector('figure.chart')) {
        // The charts are being rendered; a timeout queued now runs right after that task (before
        // any chart's own later task): what did it draw, and where does each card sit?
        phase = 'report';
        setTimeout(() => {
          for (const fig of document.querySelectorAll('figure.chart')) {
            log.atReport.push({ id: fig.getAttribute('data-testid') ?? '', below: fig.querySelector('.plot')!.getBoundingClientRect().top >= innerHeight, drawn: fig.querySelector('.plot svg') !== null });
          }
          phase = 'after';
        });
        return;
      }
      if (phase !== 'after') return;
      const drawn = records.flatMap((r) => [...r.addedNodes]).filter((n) => n instanceof SVGSVGElement && n.parentElement?.classList.contains('plot')).length;
      if (drawn > 0) log.perCallback.push(drawn);
    }).observe(document, { childList: true, subtree: true });
  });
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 2400 }]) {
    await page.setViewportSize(viewport);
    await gotoApp(page, '/metrics?run=__references__');
    // A fresh document each time (the second goto changes only the hash), watched from its start.
    await page.reload();
    await expect(page.getByTestId('ranking')).toBeVisible(REPORT);
    // The charts come once the tables have painted.
    const cards = page.locator('figure.chart');
    await expect(cards.first()).toBeAttached();
    const n = await cards.count();
    expect(n).toBeGreaterThan(2);
    // Every chart is drawn in the end.
    await expect(page.locator('figure.chart .plot svg')).toHaveCount(n);
    const log = await page.evaluate(() => Reflect.get(window, '__charts') as { atReport: { id: string; below: boolean; drawn: boolean }[]; perCallback: number[]; matrixWithRanking: boolean[] });
    expect(log.matrixWithRanking).toEqual([false]);
    expect(log.atReport).toHaveLength(n);
    for (const c of log.atReport) expect(c.drawn, `${c.id} at ${viewport.width}×${viewport.height}`).toBe(!c.below);
    const deferred = log.atReport.filter((c) => c.below).length;
    // On the phone some charts start below the fold; on the tall page some are in view.
    if (viewport.height < 1000) expect(deferred, 'some chart starts below the fold').toBeGreaterThan(0);
    else expect(deferred, 'some chart starts in view').toBeLessThan(n);
    // The deferred ones came one at a time.
    expect(log.perCallback).toEqual(Array(deferred).fill(1));
  }
});

test('reference models: their report is computed in the metrics worker, ranked with intervals', async ({ page }) => {
  await gotoApp(page, '/metrics');
  await page.locator('[data-lang="en"]').click();
  await page.getByTestId('metrics-run').selectOption({ label: 'Reference models only (expert scores)' });
  await expect(page.getByTestId('computed-where')).toHaveAttribute('data-where', 'worker', REPORT);
  const rows = page.getByTestId('ranking').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(1);
  // Every reference model's mean has its 95% interval (lo – hi).
  for (const row of await rows.all()) await expect(row.locator('td').nth(2)).toHaveText(/\d – \d/);
});

test("the reference models' report is computed once: a later visit reads it from the browser's cache, the same numbers", async ({ page }) => {
  await gotoApp(page, '/metrics?run=__references__');
  await page.locator('[data-lang="en"]').click();
  await expect(page.getByTestId('computed-where')).toHaveAttribute('data-where', 'worker', REPORT);
  const ranking = await page.getByTestId('ranking').innerText();
  // Kept in the background once computed; a reload then reads it instead of resampling.
  await expect
    .poll(async () => {
      await page.reload();
      await expect(page.getByTestId('computed-where')).toBeVisible(REPORT);
      return page.getByTestId('computed-where').getAttribute('data-where');
    }, REPORT)
    .toBe('cache');
  await expect(page.getByTestId('computed-where')).toContainText('cache');
  expect(await page.getByTestId('ranking').innerText()).toBe(ranking);
  // Other settings are another report: computed, not read.
  await page.getByTestId('gate-critical').check();
  await expect(page.getByTestId('computed-where')).toHaveAttribute('data-where', 'worker', REPORT);
});
