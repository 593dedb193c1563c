/**
 * The judge step explains itself: every judge is offered with its state and a link to Models;
 * the first click on an option counts; a base URL without http:// is refused before a run
 * exists; a WebGPU judge that cannot load names the URL and why, next to the button, and
 * suggests an endpoint.
 */
import { expect, test } from '@playwright/test';
import { OPENAI_URL, gotoApp } from './helpers.ts';
import { importAnswers, samplePromptIds } from './evaluate-helpers.ts';
import { startStubModelHost, type StubModelHost } from '../servers/stub-model-host.mjs';
import { setJudgeUrls } from './judge-helpers.ts';

let host: StubModelHost;
test.beforeAll(async () => {
  host = await startStubModelHost();
});
test.afterAll(async () => {
  await host.close();
});

test('every judge is offered with its state; the first click on the endpoint counts even when a judge is loaded', async ({ page }) => {
  test.setTimeout(90_000);
  // A judge in use: an endpoint connected on the Models page.
  await gotoApp(page, '/models');
  await page.getByTestId('endpoint-url').fill(OPENAI_URL);
  await page.getByTestId('endpoint-model').fill('pollux-judge-7b');
  await page.getByTestId('endpoint-connect').click();
  await expect(page.getByTestId('endpoint-ok')).toBeVisible();

  const all = await samplePromptIds();
  await importAnswers(page, all.slice(0, 1), all.length);
  const choice = page.getByTestId('judge-choice');
  await expect(choice.getByTestId('judge-webllm-pollux-judge-7b-q4f32_1-MLC')).toBeVisible();
  await expect(choice.getByTestId('judge-state-pollux-judge-7b-q4f32_1-MLC')).toContainText('far too slow');
  await expect(choice.getByTestId('judge-models-link')).toHaveAttribute('href', /#\/models$/);
  // The endpoint in use is the default; the endpoint form is the same one as on Models, filled in.
  await expect(page.getByTestId('judge-endpoint')).toBeChecked();
  await expect(page.getByTestId('judge-base-url')).toHaveValue(OPENAI_URL);
  // One click on another judge selects it, one click back selects the endpoint.
  await page.getByTestId('judge-webllm-Pollux-4B-Judge-q4f32_1-MLC').click();
  await expect(page.getByTestId('judge-webllm-Pollux-4B-Judge-q4f32_1-MLC')).toBeChecked();
  await page.getByTestId('judge-endpoint').click();
  await expect(page.getByTestId('judge-endpoint')).toBeChecked();
});

test('a base URL without http:// is refused with what to type, and no run is created', async ({ page }) => {
  const all = await samplePromptIds();
  await importAnswers(page, all.slice(0, 1), all.length);
  await page.getByTestId('judge-endpoint').check();
  await page.getByTestId('judge-base-url').fill('127.0.0.1:8000');
  await page.getByTestId('judge-model').fill('pollux-judge-7b');
  await page.getByTestId('run-start').click();
  const err = page.getByTestId('run-start-error');
  await expect(err).toHaveAttribute('data-code', 'bad-url');
  await expect(err).toContainText('http://127.0.0.1:8000/v1');
  await gotoApp(page, '/results');
  await expect(page.getByTestId('runs-empty')).toBeVisible();
});

test('a WebGPU judge whose weights are not published: the URL and the reason next to Start, an endpoint suggested, no run', async ({ page }) => {
  const id = 'pollux-judge-7b-q4f32_1-MLC';
  await setJudgeUrls(page, id, { model: `${host.url}/not-yet` });
  const all = await samplePromptIds();
  await importAnswers(page, all.slice(0, 1), all.length);
  await page.getByTestId(`judge-webllm-${id}`).check();
  await page.getByTestId('run-start').click();
  const err = page.getByTestId('run-start-error');
  await expect(err).toHaveAttribute('data-code', 'not-published');
  await expect(err).toContainText(`${host.url}/not-yet/resolve/main/mlc-chat-config.json`);
  await page.getByTestId('use-endpoint').click();
  await expect(page.getByTestId('judge-endpoint')).toBeChecked();
  await expect(page.getByTestId('judge-base-url')).toBeVisible();
  await gotoApp(page, '/results');
  await expect(page.getByTestId('runs-empty')).toBeVisible();
});

test('a real device loss on SwiftShader (GPUDevice.destroy) reads as "device lost", which rebuilds the engine', async ({ page }) => {
  await gotoApp(page, '/models');
  // The text Chromium gives a buffer map after its device is destroyed — what web-llm sees after a loss.
  const text = await page.evaluate(async () => {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return 'no adapter';
    const device = await adapter.requestDevice();
    const lost = device.lost.then((i) => `lost: ${i.reason}`);
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.destroy();
    const reason = await lost;
    try {
      await buffer.mapAsync(GPUMapMode.READ);
      return `${reason}; mapped`;
    } catch (e) {
      return `${reason}; ${(e as Error).name}: ${(e as Error).message}`;
    }
  });
  expect(text).toMatch(/^lost: destroyed/);
  const { mapWebLLMError } = await import('../../src/lib/judge/webllm/errors-map.ts');
  const { needsRebuild } = await import('../../src/lib/judge/errors.ts');
  const mapped = mapWebLLMError(text.slice(text.indexOf('; ') + 2));
  expect(mapped.code).toBe('device-lost');
  expect(needsRebuild(mapped)).toBe(true);
});
