/**
 * A run the planner narrowed to a stratified sample (the judge step's budget) says so on the
 * Results page and beside the Metrics page's grand mean, in both languages: "n of the N chosen
 * instructions", N being what the user chose, not what the stored run holds.
 */
import { expect, test } from '@playwright/test';
import { OPENAI_URL, gotoApp } from './helpers.ts';
import { importAnswers, resetMock, sampleCriteriaCounts, samplePromptIds } from './evaluate-helpers.ts';

test('a planner sample is named on Results and Metrics as n of the N chosen instructions', async ({ page }) => {
  test.setTimeout(120_000);
  const all = await samplePromptIds();
  const chosen = (await sampleCriteriaCounts()).filter((r) => r.criteria > 0).sort((a, b) => a.id - b.id).slice(0, 6);
  expect(chosen).toHaveLength(6);
  await resetMock(page);
  await importAnswers(page, chosen.map((r) => r.id), all.length);
  await page.locator('[data-lang="en"]').click();

  await page.getByTestId('judge-endpoint').check();
  await page.getByTestId('judge-base-url').fill(`${OPENAI_URL}/v1`);
  await page.getByTestId('judge-model').fill('pollux-judge-7b');
  await expect(page.getByTestId('plan-summary')).toBeVisible();
  // A budget of the largest instruction's judgments: at least one instruction fits, never all six.
  await page.getByTestId('budget-judgments').check();
  await page.getByTestId('budget-value').fill(String(Math.max(...chosen.map((r) => r.criteria))));
  const planned = page.getByTestId('plan-sample');
  await expect(planned).toBeVisible();
  const n = Number(/Sample: (\d+) instructions/.exec((await planned.textContent()) ?? '')?.[1]);
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(6);
  await page.getByTestId('run-name').fill('sampled run');
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  // The ticking counts sit outside any live region: screen readers hear the status area's state changes only.
  const live = '[aria-live], [role="status"], [role="alert"], [role="log"], [role="timer"], [role="marquee"]';
  expect(await page.getByTestId('run-done').evaluate((el, sel) => el.closest(sel) === null, live)).toBe(true);

  await page.getByTestId('run-results-link').click();
  await expect(page.getByTestId('run-title')).toHaveText('sampled run');
  const note = page.getByTestId('sample-note');
  await expect(note).toHaveAttribute('data-kind', 'planner');
  await expect(note).toContainText(`a stratified random sample of ${n} of the 6 chosen instructions`);
  await page.locator('[data-lang="ru"]').click();
  await expect(note).toContainText(`выборка из ${n} из 6 выбранных заданий`);

  const runId = /#\/results\/([^?]+)/.exec(page.url())?.[1];
  expect(runId).toBeTruthy();
  await gotoApp(page, `/metrics?run=${runId}`);
  await page.locator('[data-lang="en"]').click();
  await expect(page.getByTestId('sample-note')).toContainText(`a stratified random sample of ${n} of the 6 chosen instructions`, { timeout: 30_000 });
});
