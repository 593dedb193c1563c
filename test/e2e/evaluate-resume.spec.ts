import { expect, test } from '@playwright/test';
import { OPENAI_URL, gotoApp } from './helpers.ts';
import { importAnswers, mockStats, resetMock, sampleIdsWithMostCriteria, samplePromptIds, startRun } from './evaluate-helpers.ts';

const CONCURRENCY = 4;

test('a reload in the middle of a run resumes it and finishes with no judgment lost or duplicated', async ({ page }) => {
  test.setTimeout(180_000);
  const all = await samplePromptIds();
  await resetMock(page);
  await importAnswers(page, await sampleIdsWithMostCriteria(2), all.length);
  await startRun(page, 'scripted-slow', 'slow run', CONCURRENCY);
  await expect(page).toHaveURL(/run=/);

  // Reload once some judgments are stored and others are in flight.
  await expect.poll(async () => (await mockStats(page)).requests, { timeout: 60_000 }).toBeGreaterThan(CONCURRENCY);
  const before = await mockStats(page);
  await page.reload();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 150_000 });

  const after = await mockStats(page);
  const counts = Object.values(after.byPromptHash);
  const total = counts.length;
  // Every prompt was judged; only judgments in flight at the reload were asked again: per worker,
  // the stream being generated (aborted, never reached the cache) and at most one answer whose
  // commit had not finished (a worker queues its write and moves on; see run/group-commit.ts).
  // The results themselves hold each judgment exactly once (checked below).
  expect(after.requests - total).toBeLessThanOrEqual(2 * CONCURRENCY);
  expect(after.requests).toBeGreaterThan(before.requests);

  await page.getByTestId('run-results-link').click();
  await expect(page.getByTestId('results-count')).toContainText(`${total}`);
  const rows = page.getByTestId('judgment-row');
  await expect(rows.first()).toBeVisible();
  await page.getByTestId('rf-outcome').selectOption('pending');
  await expect(rows).toHaveCount(0);
  await page.getByTestId('rf-outcome').selectOption('score');
  await expect(page.getByTestId('results-count')).toContainText(`${total} `);
});

test('a second tab on the same run shows it is running elsewhere and does not run it', async ({ page, context }) => {
  test.setTimeout(120_000);
  const all = await samplePromptIds();
  await resetMock(page);
  await importAnswers(page, await sampleIdsWithMostCriteria(2), all.length);
  await startRun(page, 'scripted-slow', 'two tabs', 2);
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'running');

  const second = await context.newPage();
  await gotoApp(second, '/evaluate');
  await expect(second.getByTestId('run-progress')).toHaveAttribute('data-state', 'locked-elsewhere', { timeout: 20_000 });
  await expect(second.getByTestId('run-elsewhere')).toBeVisible();
  await expect(second.getByTestId('run-resume')).toHaveCount(0);
  // The stored counts of the run, not "0 of 0".
  await expect(second.getByTestId('run-done')).not.toContainText('0 of 0');

  // Let both tabs sit for a while: the queue must still be judged once.
  await second.waitForTimeout(2_000);
  await page.getByTestId('run-cancel').click();
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'cancelled');
  const counts = Object.values((await mockStats(page)).byPromptHash);
  expect(counts.length).toBeGreaterThan(0);
  expect(counts.every((n) => n === 1)).toBe(true);
});

test('the run recovers when the endpoint fails a few requests (HTTP 500)', async ({ page }) => {
  test.setTimeout(120_000);
  const all = await samplePromptIds();
  await resetMock(page);
  await importAnswers(page, all.slice(0, 3), all.length);
  await page.request.post(`${OPENAI_URL}/control`, { data: { failNext: 3, status: 500 } });
  await startRun(page, 'pollux-judge-7b', 'flaky endpoint', 2);
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('run-progress')).toContainText(/✖\s*0/);
  const stats = await mockStats(page);
  const distinct = Object.keys(stats.byPromptHash).length;
  // The 3 failed requests were retried; nothing else was asked twice.
  expect(stats.requests).toBe(distinct + 3);
});

test('when the tab judging a run closes, a second tab takes it over and finishes it without a reload', async ({ page, context }) => {
  test.setTimeout(150_000);
  const all = await samplePromptIds();
  await resetMock(page);
  // The instructions with the most criteria: enough slow judgments that the run is still going
  // when the second tab opens.
  await importAnswers(page, await sampleIdsWithMostCriteria(2), all.length);
  await startRun(page, 'scripted-slow', 'hand over', 2);
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'running');
  const second = await context.newPage();
  await gotoApp(second, '/evaluate');
  await expect(second.getByTestId('run-progress')).toHaveAttribute('data-state', 'locked-elsewhere', { timeout: 20_000 });
  await page.close();
  await expect(second.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const stats = await mockStats(second);
  const counts = Object.values(stats.byPromptHash);
  // Each prompt was judged; only what was in flight when the first tab closed was asked twice.
  expect(stats.requests - counts.length).toBeLessThanOrEqual(2 * 2);
  await second.getByTestId('run-results-link').click();
  await second.getByTestId('rf-outcome').selectOption('score');
  await expect(second.getByTestId('results-count')).toContainText(`${counts.length} `);
});
