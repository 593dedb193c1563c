import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { gotoApp } from './helpers.ts';
import { importAnswers, resetMock, samplePromptIds, startRun } from './evaluate-helpers.ts';

test('a run bundle exported, the run deleted, the bundle imported: the run comes back whole', async ({ page }) => {
  test.setTimeout(90_000);
  const all = await samplePromptIds();
  await resetMock(page);
  await importAnswers(page, all.slice(0, 2), all.length);
  await startRun(page, 'pollux-judge-7b', 'bundle run', 4);
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await page.getByTestId('run-results-link').click();
  const countText = (await page.getByTestId('results-count').textContent()) ?? '';

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(readFileSync(await csv.path(), 'utf8').split('\r\n')[0]).toContain('prompt_id,criteria_name,status,score');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-bundle').click()]);
  const bundle = readFileSync(await dl.path());

  await gotoApp(page, '/results');
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('run-delete').click();
  await expect(page.getByTestId('runs-empty')).toBeVisible();

  await page.getByTestId('bundle-import').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: bundle });
  await expect(page.getByTestId('bundle-imported')).toBeVisible();
  await expect(page.getByTestId('run-item')).toHaveCount(1);
  await page.getByTestId('run-open').click();
  await expect(page.getByTestId('results-count')).toHaveText(countText);
  await expect(page.getByTestId('judgment-row').first().getByTestId('score')).toBeVisible();
  // The judgment's detail opens on a click and closes with Escape.
  await page.getByTestId('judgment-row').first().click();
  await expect(page.getByTestId('judgment-detail')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('judgment-detail')).toHaveCount(0);

  await gotoApp(page, '/results');
  await page.getByTestId('bundle-import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "nope"}') });
  await expect(page.getByTestId('bundle-errors')).toBeVisible();
});
