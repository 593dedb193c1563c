/**
 * Files from POLLUX's own Python tools, in the app: a scores.json written by score.py becomes a
 * run whose metrics.csv is metrics.py's, and an answers.json written by answer.py with an empty
 * answer (a failed request) imports, is counted and is judged. The goldens were written by Python
 * over the bundled sample (test/fixtures/io/e2e-sample-*): score.py's and answer.py's
 * json.dump(..., ensure_ascii=False, indent=2), and metrics.py (pandas) for the CSV.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { gotoApp } from './helpers.ts';
import { resetMock, samplePromptIds, startRun } from './evaluate-helpers.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/io/${name}`, import.meta.url));

test('a scores.json from score.py imports as a run; its metrics.csv is what metrics.py writes', async ({ page }) => {
  test.setTimeout(120_000);
  await gotoApp(page, '/results');
  await page.locator('[data-lang="en"]').click();
  await page.getByTestId('scores-model').fill('org/candidate-7b');
  await page.getByTestId('scores-judge').fill('ai-forever/pollux-judge-7b');
  await page.getByTestId('scores-import').setInputFiles({ name: 'scores.json', mimeType: 'application/json', buffer: fixture('e2e-sample-scores.json') });
  const done = page.getByTestId('scores-imported');
  await expect(done).toBeVisible({ timeout: 30_000 });
  await expect(done).toContainText('34 judgments of 6 instructions');
  await expect(page.getByTestId('scores-warnings')).toHaveCount(0);
  await done.getByRole('link').click();

  // Unparsable responses (a truncated block, an empty one from a failed request) are kept, unscored.
  await expect(page.getByTestId('results-count')).toContainText('34');
  await page.getByTestId('rf-outcome').selectOption('unparsed');
  await expect(page.getByTestId('judgment-row').first()).toBeVisible();

  await page.getByTestId('run-metrics-link').click();
  await expect(page.getByTestId('grand-mean')).toHaveText('0.550', { timeout: 30_000 });
  await expect(page.locator('[data-testid="chart-heatmap"] svg[role="img"]')).toBeVisible();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-metrics-csv').click()]);
  expect(readFileSync(await dl.path(), 'utf8')).toBe(fixture('e2e-sample-scores.metrics.csv').toString('utf8'));
});

test('a file that is not a scores.json is refused with the place of the problem, and nothing is stored', async ({ page }) => {
  await gotoApp(page, '/results');
  await page.locator('[data-lang="en"]').click();
  await page.getByTestId('scores-import').setInputFiles({ name: 'answers.json', mimeType: 'application/json', buffer: fixture('e2e-sample-answers.json') });
  await expect(page.getByTestId('scores-rejected')).toBeVisible();
  await expect(page.getByTestId('scores-errors')).toContainText('score.py');
  await expect(page.getByTestId('runs-empty')).toBeVisible();
});

test("answer.py's empty answer (a failed request) imports, is counted and is judged", async ({ page }) => {
  test.setTimeout(120_000);
  await resetMock(page);
  const all = await samplePromptIds();
  await gotoApp(page, '/evaluate?mode=all&answers=import');
  await page.locator('[data-lang="en"]').click();
  await expect(page.getByTestId('select-summary')).toContainText(String(all.length), { timeout: 30_000 });
  await page.getByTestId('import-file').setInputFiles({ name: 'answers.json', mimeType: 'application/json', buffer: fixture('e2e-sample-answers.json') });
  await expect(page.getByTestId('import-count')).toContainText('6 answers');
  await expect(page.getByTestId('import-warnings').locator('[data-code="empty-answers"]')).toContainText('prompt_id 5');
  await page.getByTestId('import-accept').click();
  await expect(page.getByTestId('import-accepted')).toBeVisible();
  await expect(page.getByTestId('answers-ready')).toContainText('6');
  await startRun(page, 'pollux-judge-7b', 'empty answer run');
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await page.getByTestId('run-results-link').click();
  await page.getByTestId('rf-prompt').fill('5');
  await page.getByTestId('rf-prompt').press('Enter');
  await expect(page.getByTestId('judgment-row').first()).toBeVisible();
});
