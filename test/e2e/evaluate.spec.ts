import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { gotoApp } from './helpers.ts';
import { importAnswers, mockStats, resetMock, samplePromptIds, startRun } from './evaluate-helpers.ts';

test('import answers.json for 20 instructions, judge them with the scripted endpoint, read and export the results', async ({ page }) => {
  test.setTimeout(120_000);
  const all = await samplePromptIds();
  expect(all.length).toBeGreaterThanOrEqual(20);
  const ids = all.slice(0, 20);
  await resetMock(page);

  await importAnswers(page, ids, all.length);
  await expect(page.getByTestId('answers-ready')).toContainText(`20`);
  await startRun(page, 'pollux-judge-7b', 'e2e run');
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  // Every prompt went to the endpoint exactly once.
  const stats = await mockStats(page);
  const counts = Object.values(stats.byPromptHash);
  expect(counts.every((n) => n === 1)).toBe(true);
  const total = counts.length;
  expect(total).toBeGreaterThanOrEqual(20);

  await page.getByTestId('run-results-link').click();
  await expect(page.getByTestId('run-title')).toHaveText('e2e run');
  await expect(page.getByTestId('results-count')).toContainText(`${total}`);
  const first = page.getByTestId('judgment-row').first();
  await expect(first.getByTestId('score')).toBeVisible();
  await first.click();
  await expect(page).toHaveURL(/sel=/);
  await expect(page.getByTestId('detail-rationale')).not.toBeEmpty();
  await expect(page.getByTestId('detail-raw')).toContainText('[RESULT]');

  // Filters live in the URL and narrow the list.
  await page.getByTestId('rf-prompt').fill(String(ids[0]));
  await page.getByTestId('rf-prompt').press('Enter');
  await expect(page).toHaveURL(new RegExp(`prompt=${ids[0]}`));
  const perPrompt = await page.getByTestId('judgment-row').count();
  expect(perPrompt).toBeGreaterThan(0);
  await expect(page.getByTestId('results-count')).toContainText(`${perPrompt}`);
  await page.getByTestId('rf-outcome').selectOption('unparsed');
  await expect(page.getByTestId('judgment-row')).toHaveCount(0);

  // scores.json as score.py writes it: every judgment, raw judge text, meta with rubrics.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-scores').click()]);
  expect(download.suggestedFilename()).toBe('scores.json');
  const scores = JSON.parse(readFileSync(await download.path(), 'utf8')) as { response: string; meta: { prompt_id: number; criteria_name: string; rubrics: unknown } }[];
  expect(scores).toHaveLength(total);
  for (const s of scores) {
    expect(Object.keys(s)).toEqual(['response', 'meta']);
    expect(s.response).toMatch(/\[RESULT\]\s*\d+(?:[.,]\d+)?\s*\[END\]/);
    expect(ids).toContain(s.meta.prompt_id);
    expect(typeof s.meta.criteria_name).toBe('string');
    expect(s.meta.rubrics).toBeTruthy();
  }
  expect(new Set(scores.map((s) => `${s.meta.prompt_id}|${s.meta.criteria_name}`)).size).toBe(total);

  const [answersDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-answers').click()]);
  const answers = JSON.parse(readFileSync(await answersDl.path(), 'utf8')) as { model: string; num_samples: number; answers: { prompt_id: number }[] };
  expect(answers).toMatchObject({ model: 'e2e-model', dataset: 'ai-forever/POLLUX-instructions', split: 'train', num_samples: 20 });
  expect(answers.answers.map((a) => a.prompt_id)).toEqual(ids);

  // The run is listed, renamable and survives a reload.
  await gotoApp(page, '/results');
  await page.getByTestId('run-rename').click();
  await page.getByTestId('run-rename-input').fill('renamed run');
  await page.getByTestId('run-rename-save').click();
  // The list shows the new name once it is stored; only then can a reload find it.
  await expect(page.getByTestId('run-open')).toHaveText('renamed run');
  await page.reload();
  await expect(page.getByTestId('run-open')).toHaveText('renamed run');
});

test('a malformed import shows a located error report and stores nothing', async ({ page }) => {
  const all = await samplePromptIds();
  await gotoApp(page, '/evaluate?mode=all&answers=import');
  await expect(page.getByTestId('select-summary')).toContainText(String(all.length), { timeout: 30_000 });
  const bad = ['{"model": "m", "answers": [', `  {"prompt_id": ${all[0]}, "answer": "ok"},`, '  {"prompt_id": 987654321, "answer": "x"},', `  {"prompt_id": ${all[0]}, "answer": "dup"}`, ']}'].join('\n');
  await page.getByTestId('import-file').setInputFiles({ name: 'answers.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  const errors = page.getByTestId('import-errors');
  await expect(errors).toBeVisible();
  await expect(errors.locator('li[data-code="unknown-prompt-id"]')).toContainText('3');
  await expect(errors.locator('li[data-code="duplicate-prompt-id"]')).toContainText('4');
  await expect(page.getByTestId('import-accept')).toHaveCount(0);
  await expect(page.getByTestId('answers-ready')).toContainText('0');
  await expect(page.getByTestId('run-start')).toBeDisabled();

  // A broken JSON file: the syntax error is located too.
  await page.getByTestId('import-file').setInputFiles({ name: 'answers.json', mimeType: 'application/json', buffer: Buffer.from('{"model": "m",\n "answers": [\n {"prompt_id": 1 "answer": "x"}]}') });
  await expect(page.getByTestId('import-errors').locator('li[data-code="json-syntax"]')).toContainText('3:');

  await gotoApp(page, '/results');
  await expect(page.getByTestId('runs-empty')).toBeVisible();
});
