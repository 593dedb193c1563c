import { expect, test } from '@playwright/test';
import { OPENAI_URL, gotoApp } from './helpers.ts';
import { resetMock, sampleInstruction, samplePromptIds } from './evaluate-helpers.ts';

test('answers generated through an OpenAI-compatible endpoint as answer.py does; request errors are shown, not empty answers', async ({ page }) => {
  const [id] = await samplePromptIds();
  await resetMock(page);
  await gotoApp(page, `/evaluate?mode=one&id=${id}&answers=generate`);
  await expect(page.getByTestId('select-summary')).toContainText('1', { timeout: 30_000 });
  // The one endpoint form, editing the answering model's endpoint: the judge's stays as it was.
  await expect(page.getByTestId('gen-endpoint')).toBeVisible();
  await expect(page.getByTestId('gen-key')).toBeVisible();
  await page.getByTestId('gen-base-url').fill(`${OPENAI_URL}/v1`);
  await page.getByTestId('gen-model').fill('pollux-judge-7b');
  await expect(page.getByTestId('judge-model')).toHaveValue('');
  await page.getByTestId('gen-temperature').fill('0.5');
  await page.getByTestId('gen-max-tokens').fill('1024');
  await page.getByTestId('gen-start').click();
  await expect(page.getByTestId('gen-accepted')).toBeVisible();
  await expect(page.getByTestId('answers-ready')).toContainText('1');

  const last = (await (await page.request.get(`${OPENAI_URL}/last-request`)).json()) as {
    messages: { role: string; content: string }[];
    temperature: number;
    max_tokens: number;
  };
  expect(last.messages).toHaveLength(1);
  expect(last.messages[0].role).toBe('user');
  // The raw instruction, byte for byte: no system prompt, no wrapper.
  expect(last.messages[0].content).toBe(await sampleInstruction(id));
  expect(last.temperature).toBe(0.5);
  expect(last.max_tokens).toBe(1024);

  await page.getByTestId('gen-model').fill('scripted-error');
  await page.getByTestId('gen-start').click();
  await expect(page.getByTestId('gen-failures')).toContainText(String(id));
});

test('generated answers are saved as they arrive: after a reload they are kept, and generating again asks only for the rest', async ({ page }) => {
  const ids = await samplePromptIds();
  await resetMock(page);
  await gotoApp(page, '/evaluate?mode=all&answers=generate');
  await expect(page.getByTestId('select-summary')).toContainText(String(ids.length), { timeout: 30_000 });
  await page.getByTestId('gen-base-url').fill(`${OPENAI_URL}/v1`);
  await page.getByTestId('gen-model').fill('scripted-slow');
  await page.getByTestId('gen-start').click();
  // Cancel part-way: what was written so far must survive.
  await expect.poll(async () => ((await (await page.request.get(`${OPENAI_URL}/stats`)).json()) as { requests: number }).requests, { timeout: 30_000 }).toBeGreaterThan(8);
  await page.getByTestId('gen-cancel').click();
  await page.reload();

  const saved = page.getByTestId('gen-saved');
  await expect(saved).toBeVisible({ timeout: 30_000 });
  const kept = Number(/(\d+)/.exec((await saved.textContent()) ?? '')?.[1] ?? '0');
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(ids.length);

  await resetMock(page);
  await page.getByTestId('gen-base-url').fill(`${OPENAI_URL}/v1`);
  await page.getByTestId('gen-model').fill('scripted-slow');
  await page.getByTestId('gen-start').click();
  await expect(page.getByTestId('gen-accepted')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('answers-ready')).toContainText(`${ids.length} `);
  const after = (await (await page.request.get(`${OPENAI_URL}/stats`)).json()) as { requests: number };
  expect(after.requests).toBe(ids.length - kept);
});
