import { expect, test } from '@playwright/test';
import { gotoApp } from './helpers.ts';
import { samplePromptIds } from './evaluate-helpers.ts';

test('pasted answers are a draft that survives a reload', async ({ page }) => {
  const all = await samplePromptIds();
  await gotoApp(page, '/evaluate?mode=all&answers=paste');
  await expect(page.getByTestId('select-summary')).toContainText(String(all.length), { timeout: 30_000 });
  await page.getByTestId('paste-model').fill('my-model');
  await page.getByTestId('paste-answer').fill('Первый ответ');
  await page.getByTestId('paste-next').click();
  await page.getByTestId('paste-answer').fill('Второй ответ');
  await expect(page.getByTestId('answers-ready')).toContainText('2');
  await page.waitForTimeout(400); // the draft write is debounced
  await page.reload();
  await expect(page.getByTestId('paste-position')).toContainText('2');
  await expect(page.getByTestId('paste-answer')).toHaveValue('Второй ответ');
  await page.getByTestId('paste-prev').click();
  await expect(page.getByTestId('paste-answer')).toHaveValue('Первый ответ');
  await expect(page.getByTestId('paste-model')).toHaveValue('my-model');
  await expect(page.getByTestId('answers-ready')).toContainText('2');
});

test('custom instructions with custom criteria: the scale is parsed and shown, ids generated', async ({ page }) => {
  await gotoApp(page, '/evaluate?mode=custom&answers=paste');
  await page.locator('[data-lang="en"]').click();
  await page.getByTestId('custom-add').click();
  await page.getByTestId('custom-instruction-0').fill('Напиши хокку об осени');
  await page.getByTestId('custom-criterion-name-0-0').fill('Образность');
  await page.getByTestId('custom-rubric-0-0').fill('Оценка от 1 до 10');
  await expect(page.getByTestId('custom-scale-0-0')).toContainText('1 to 10');
  await page.getByTestId('custom-rubric-0-0').fill('без шкалы');
  await expect(page.getByTestId('custom-scale-0-0')).toContainText('No scale');
  await expect(page.getByTestId('select-summary')).toContainText('0 instructions');
  await page.getByTestId('custom-rubric-0-0').fill('0: плохо\n\n1: средне\n\n2: хорошо');
  await expect(page.getByTestId('custom-scale-0-0')).toContainText('0 to 2');
  await expect(page.getByTestId('custom-item-0')).toContainText('900000001');
  await expect(page.getByTestId('select-summary')).toContainText('1 instructions');
  await expect(page.getByTestId('paste-answer')).toBeVisible();
});

test('the Evaluate view survives a visit to another page; the answers in use do not depend on the open tab', async ({ page }) => {
  const all = await samplePromptIds();
  await gotoApp(page, '/evaluate?mode=all');
  await expect(page.getByTestId('select-summary')).toContainText(String(all.length), { timeout: 30_000 });
  // Paste is the first tab, open by default.
  await expect(page.getByTestId('answers-tab-paste')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('paste-answer').fill('Ответ');
  await expect(page.getByTestId('answers-ready')).toHaveAttribute('data-source', 'paste');
  const ready = (await page.getByTestId('answers-ready').textContent()) ?? '';
  // The instruction that got the answer, picked by its prompt_id in "One instruction".
  const id = Number(/prompt_id (\d+)/.exec((await page.getByTestId('paste').textContent()) ?? '')?.[1]);
  expect(all).toContain(id);
  await page.getByTestId('select-mode-one').check();
  await page.getByTestId('select-one-search').fill(String(id));
  await page.locator(`[data-testid="select-one-option"][data-prompt-id="${id}"]`).click();
  await expect(page.getByTestId('select-one-picked')).toContainText(String(id));
  await page.getByTestId('answers-tab-import').click();
  // Another tab is open, but the pasted answer is still the one a run would use.
  await expect(page.getByTestId('answers-ready')).toHaveAttribute('data-source', 'paste');
  await expect(page.getByTestId('answers-ready')).toContainText('1');

  await page.locator('nav [data-nav="models"]').click();
  await expect(page).toHaveURL(/#\/models/);
  await page.locator('nav [data-nav="evaluate"]').click();
  await expect(page).toHaveURL(new RegExp(`mode=one.*id=${id}|id=${id}.*mode=one`));
  await expect(page.getByTestId('answers-tab-import')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('select-one-picked')).toContainText(String(id));
  await page.getByTestId('select-mode-all').check();
  await expect(page.getByTestId('answers-ready')).toHaveText(ready);
});
