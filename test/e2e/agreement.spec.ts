import { expect, test } from '@playwright/test';
import { gotoApp } from './helpers.ts';
import { resetMock, startRun } from './evaluate-helpers.ts';

test("judge a reference model's dataset answers: agreement with the experts, then the judge's typical error beside each score", async ({ page }) => {
  test.setTimeout(150_000);
  await resetMock(page);
  await gotoApp(page, '/evaluate?mode=all&answers=dataset');
  await expect(page.getByTestId('dataset-answers')).toBeVisible({ timeout: 30_000 });
  // The bundled sample's answers from the POLLUX project page, with their experts' scores.
  await page.getByTestId('dataset-model').selectOption('project-page');
  await page.getByTestId('dataset-load').click();
  await expect(page.getByTestId('dataset-accepted')).toBeVisible({ timeout: 30_000 });
  await startRun(page, 'pollux-judge-7b', 'judge vs experts', 8);
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });

  await page.getByTestId('run-results-link').click();
  await page.getByTestId('run-metrics-link').click();
  const panel = page.getByTestId('agreement-panel');
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await expect(panel).toContainText('project-page');
  await expect(panel).toContainText('Spearman');
  // The overall row plus one row per criterion, each with n > 0 and an interval.
  const rows = panel.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(2);
  await expect(rows.first().locator('td').first()).not.toHaveText('0');
  await expect(rows.first()).toContainText('[');

  // The agreement stored each criterion's typical error for this judge: the Results page shows
  // it beside the judge's scores on that criterion.
  await page.goBack();
  await expect(page.getByTestId('judgment-row').first()).toBeVisible();
  await page.getByTestId('judgment-row').first().click();
  await expect(page.getByTestId('typical-error')).toBeVisible();
  await expect(page.getByTestId('typical-error')).toContainText(/\d/);
});
