/**
 * axe (WCAG 2.1 A/AA) on every page, in both languages and both themes, including the states
 * with content: a judged run's Metrics, Results with a judgment open, Evaluate with import
 * problems, an instruction with its expert votes, the taxonomy. Zero violations allowed.
 *
 * One test on purpose: the run is judged once (scripted endpoint), then the pages are visited
 * twice — Russian in the light theme, English in the dark one — so each language and each theme
 * is checked on every page without paying for four full passes.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, gotoApp } from './helpers.ts';
import { importAnswers, resetMock, samplePromptIds, startRun } from './evaluate-helpers.ts';

async function setLook(page: Page, lang: 'ru' | 'en', theme: 'light' | 'dark'): Promise<void> {
  await page.locator(`[data-lang="${lang}"]`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test('axe finds no violations on any page or state, in Russian and English, light and dark', async ({ page }) => {
  test.setTimeout(180_000);
  const all = await samplePromptIds();
  await resetMock(page);
  await importAnswers(page, all.slice(0, 3), all.length);
  await startRun(page, 'pollux-judge-7b', 'a11y run', 4);
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const runId = new URL(page.url().replace('#/', '')).searchParams.get('run');
  expect(runId).toBeTruthy();
  const instruction = all[0];

  const badImport = Buffer.from(`{"model": "m", "answers": [\n {"prompt_id": 987654321, "answer": "x"},\n {"prompt_id": ${instruction}, "answer": ""}\n]}`);

  /** Each page: where it is, and what shows that its content is there. */
  const visits: { route: string; ready: (p: Page) => Promise<void> }[] = [
    { route: '/explore', ready: (p) => expect(p.getByTestId('instruction-row').first()).toBeVisible() },
    { route: `/explore/i/${instruction}`, ready: (p) => expect(p.getByTestId('model-answer').first()).toBeVisible() },
    { route: '/explore/taxonomy', ready: (p) => expect(p.getByTestId('sunburst')).toBeVisible() },
    {
      route: '/evaluate?mode=all&answers=import',
      ready: async (p) => {
        await expect(p.getByTestId('select-summary')).toContainText(String(all.length));
        await p.getByTestId('import-file').setInputFiles({ name: 'answers.json', mimeType: 'application/json', buffer: badImport });
        await expect(p.getByTestId('import-errors')).toBeVisible();
      },
    },
    { route: '/evaluate?mode=one&answers=paste', ready: (p) => expect(p.getByTestId('paste')).toBeVisible() },
    { route: '/results', ready: (p) => expect(p.getByTestId('run-item')).toHaveCount(1) },
    {
      route: `/results/${runId}`,
      ready: async (p) => {
        await p.getByTestId('judgment-row').first().click();
        await expect(p.getByTestId('judgment-detail')).toBeVisible();
      },
    },
    {
      route: `/metrics?run=${runId}`,
      ready: async (p) => {
        await expect(p.getByTestId('grand-mean')).toBeVisible({ timeout: 30_000 });
        // The charts (and the share panel) come after the tables have painted, drawn one by one.
        await expect(p.locator('figure.chart').first()).toBeAttached();
        await expect(p.locator('figure.chart:not(:has(.plot svg))')).toHaveCount(0);
      },
    },
    { route: '/models', ready: (p) => expect(p.locator('main h1')).toBeVisible() },
    { route: '/settings', ready: (p) => expect(p.locator('main h1')).toBeVisible() },
  ];

  for (const [lang, theme] of [
    ['ru', 'light'],
    ['en', 'dark'],
  ] as const) {
    for (const v of visits) {
      await gotoApp(page, v.route);
      await setLook(page, lang, theme);
      await v.ready(page);
      await expectNoAxeViolations(page, `${v.route} (${lang}, ${theme})`);
    }
  }
});
