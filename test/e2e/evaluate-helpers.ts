/**
 * Shared steps of the evaluate/results e2e specs: the bundled sample's prompt_ids (read from the
 * same parquet file the app loads), an answers.json for them, and driving the Evaluate page
 * through import → endpoint judge → start.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { parquetReadObjects } from 'hyparquet';
import { OPENAI_URL, gotoApp } from './helpers.ts';

async function sampleRows(): Promise<{ prompt_id: number; instruction: string }[]> {
  const buf = readFileSync(new URL('../../public/sample/pollux-instructions.parquet', import.meta.url));
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const rows = await parquetReadObjects({ file, columns: ['prompt_id', 'instruction'] });
  return rows.map((r) => ({ prompt_id: Number(r.prompt_id), instruction: String(r.instruction) }));
}

export async function samplePromptIds(): Promise<number[]> {
  return (await sampleRows()).map((r) => r.prompt_id).sort((a, b) => a - b);
}

/**
 * The `n` sample instructions with the most criteria (most jobs per answer): the sample's two
 * dataset rows have one criterion each, its project-page instructions up to a dozen.
 */
export async function sampleIdsWithMostCriteria(n: number): Promise<number[]> {
  return (await sampleCriteriaCounts())
    .sort((a, b) => b.criteria - a.criteria || a.id - b.id)
    .slice(0, n)
    .map((r) => r.id)
    .sort((a, b) => a - b);
}

/** How many criteria each sample instruction has (one judgment each per answer). */
export async function sampleCriteriaCounts(): Promise<{ id: number; criteria: number }[]> {
  const buf = readFileSync(new URL('../../public/sample/pollux-instructions.parquet', import.meta.url));
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const rows = await parquetReadObjects({ file, columns: ['prompt_id', 'criteria'] });
  return rows.map((r) => ({ id: Number(r.prompt_id), criteria: Array.isArray(r.criteria) ? r.criteria.length : 0 }));
}

export async function sampleInstruction(id: number): Promise<string | undefined> {
  return (await sampleRows()).find((r) => r.prompt_id === id)?.instruction;
}

const defaultAnswer = (id: number): string => `Ответ модели на задание ${id}: развёрнутый текст.`;

export function answersFile(ids: readonly number[], model = 'e2e-model', answer: (id: number) => string = defaultAnswer): string {
  return JSON.stringify({
    model,
    dataset: 'ai-forever/POLLUX-instructions',
    split: 'train',
    num_samples: ids.length,
    answers: ids.map((id) => ({ prompt_id: id, answer: answer(id) })),
  });
}

export async function resetMock(page: Page): Promise<void> {
  await page.request.post(`${OPENAI_URL}/reset`);
}

export interface MockStats {
  requests: number;
  byPromptHash: Record<string, number>;
  byModel: Record<string, number>;
}
export async function mockStats(page: Page): Promise<MockStats> {
  return (await (await page.request.get(`${OPENAI_URL}/stats`)).json()) as MockStats;
}

/** Opens Evaluate with all sample instructions and imports answers for `ids`. */
export async function importAnswers(page: Page, ids: readonly number[], total: number, answer?: (id: number) => string): Promise<void> {
  await gotoApp(page, '/evaluate?mode=all&answers=import');
  await expect(page.getByTestId('select-summary')).toContainText(String(total), { timeout: 30_000 });
  await page.getByTestId('import-file').setInputFiles({ name: 'answers.json', mimeType: 'application/json', buffer: Buffer.from(answersFile(ids, 'e2e-model', answer)) });
  await expect(page.getByTestId('import-count')).toBeVisible();
  await expect(page.getByTestId('import-model')).toHaveValue('e2e-model');
  await page.getByTestId('import-accept').click();
  await expect(page.getByTestId('import-accepted')).toBeVisible();
}

/** Chooses an endpoint judge (the scripted one unless `baseUrl` says otherwise) and waits for the run's plan. */
export async function chooseEndpointJudge(page: Page, model: string, opts: { baseUrl?: string; concurrency?: number } = {}): Promise<void> {
  await page.getByTestId('judge-endpoint').check();
  await page.getByTestId('judge-base-url').fill(opts.baseUrl ?? `${OPENAI_URL}/v1`);
  await page.getByTestId('judge-model').fill(model);
  if (opts.concurrency !== undefined) await page.getByTestId('judge-concurrency').fill(String(opts.concurrency));
  await expect(page.getByTestId('plan-summary')).toBeVisible();
}

/** Points the run at the scripted endpoint and starts it. */
export async function startRun(page: Page, model: string, name: string, concurrency = 8): Promise<void> {
  await chooseEndpointJudge(page, model, { concurrency });
  await page.getByTestId('run-name').fill(name);
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-progress')).toBeVisible();
}
