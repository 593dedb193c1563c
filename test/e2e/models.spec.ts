import { expect, test } from '@playwright/test';
import { OPENAI_URL, gotoApp } from './helpers.ts';
import { scriptedScore } from '../support/scenarios.mjs';
import { startStubModelHost, type StubModelHost } from '../servers/stub-model-host.mjs';
import { buildJudgePrompt } from '../../src/lib/pollux/index.ts';
import { loadOnModels, setJudgeUrls } from './judge-helpers.ts';

test.describe('Models page: judge engines', () => {
  test('try-out end to end against the OpenAI-compatible server: score and rationale', async ({ page }) => {
    await gotoApp(page, '/models');
    await page.getByTestId('endpoint-url').fill(OPENAI_URL);
    await page.getByTestId('endpoint-model').fill('scripted-valid');
    await page.getByTestId('endpoint-connect').click();
    await expect(page.getByTestId('endpoint-ok')).toContainText('scripted-valid');
    await expect(page.getByTestId('loaded-model')).toContainText('scripted-valid');

    const item = {
      instruction: 'Придумайте название для кофейни.',
      reference_answer: '',
      answer: 'Кофейня «Утренний зной».',
      criteria_name: 'Креативность',
      rubrics: '0: банально\n\n1: обычно\n\n2: оригинально',
    };
    await page.getByTestId('tryout-instruction').fill(item.instruction);
    await page.getByTestId('tryout-reference').fill('');
    await page.getByTestId('tryout-answer').fill(item.answer);
    await page.getByTestId('tryout-criterion').fill(item.criteria_name);
    await page.getByTestId('tryout-rubric').fill(item.rubrics);
    await page.getByTestId('tryout-run').click();

    const expected = scriptedScore(buildJudgePrompt(item));
    await expect(page.getByTestId('tryout-score')).toHaveText(String(expected));
    await expect(page.getByTestId('tryout-rationale')).toContainText('«Креативность»');
    await expect(page.getByTestId('tryout-raw')).toContainText('[END]');
    await expect(page.getByTestId('loaded-speed')).toContainText('tok/s');
    // The server saw exactly the POLLUX prompt as one user message, greedy.
    const sent = (await (await page.request.get(`${OPENAI_URL}/last-request`)).json()) as {
      messages: Array<{ role: string; content: string }>;
      temperature: number;
    };
    expect(sent.messages).toEqual([{ role: 'user', content: buildJudgePrompt(item) }]);
    expect(sent.temperature).toBe(0);
  });

  test('an endpoint without CORS gives the CORS message with the vLLM hint', async ({ page }) => {
    await gotoApp(page, '/models');
    await page.getByTestId('endpoint-url').fill(`${OPENAI_URL}/no-cors/v1`);
    await page.getByTestId('endpoint-model').fill('any');
    await page.getByTestId('endpoint-connect').click();
    const err = page.getByTestId('endpoint-error');
    await expect(err).toHaveAttribute('data-code', 'cors');
    await expect(err).toContainText('--allowed-origins');
  });

  test('preflight on SwiftShader: the software adapter is called far too slow, f32 is picked, f16 is not offered', async ({ page }) => {
    await gotoApp(page, '/models');
    const report = page.getByTestId('device-report');
    await expect(report).toBeVisible();
    await expect(page.getByTestId('pf-fallback-adapter')).toContainText(/swiftshader/i);
    await expect(page.getByTestId('pf-no-f16')).toContainText('pollux-judge-7b-q4f32_1-MLC');
    await expect(report).toHaveAttribute('data-verdict', 'slow');
    await expect(page.getByTestId('device-verdict')).toContainText('far too slow');
    // web-llm's own device request on this adapter passes its minimums (SwiftShader offers 1 GiB buffers).
    await expect(page.getByTestId('pf-limits-ok')).toBeVisible();
    await expect(page.getByTestId('model-card-pollux-judge-7b-q4f32_1-MLC').getByTestId('recommended')).toBeVisible();
    await expect(page.getByTestId('model-card-pollux-judge-7b-q4f16_1-MLC').getByTestId('recommended')).toHaveCount(0);
    const f16 = page.getByTestId('model-card-pollux-judge-7b-q4f16_1-MLC');
    await expect(f16.getByTestId('not-offered')).toContainText('shader-f16');
    await expect(f16.getByTestId('load-model')).toHaveCount(0);
    // Weights nobody has published yet are said to be so, with where they will be.
    await expect(page.getByTestId('model-card-pollux-judge-7b-q4f32_1-MLC').getByTestId('not-published')).toContainText('huggingface.co/pollux-web/pollux-judge-7b-q4f32_1-MLC');
  });

  test('a base URL without http:// is refused with what to type', async ({ page }) => {
    await gotoApp(page, '/models');
    await page.getByTestId('endpoint-url').fill('127.0.0.1:8000');
    await page.getByTestId('endpoint-model').fill('scripted-valid');
    await page.getByTestId('endpoint-connect').click();
    const err = page.getByTestId('endpoint-error');
    await expect(err).toHaveAttribute('data-code', 'bad-url');
    await expect(err).toContainText('http://127.0.0.1:8000/v1');
  });

  test.describe('real worker and web-llm bundle', () => {
    let host: StubModelHost;
    test.beforeAll(async () => {
      host = await startStubModelHost();
    });
    test.afterAll(async () => {
      await host.close();
    });

    test('loading from a host with a config but no library fails fast with the mapped message', async ({ page }) => {
      const id = 'pollux-judge-7b-q4f32_1-MLC';
      await setJudgeUrls(page, id, { model: `${host.url}/m`, lib: `${host.url}/lib/Qwen2-7B-Instruct-q4f32_1_cs1k-webgpu.wasm` });
      const started = Date.now();
      const card = await loadOnModels(page, id);
      const err = card.getByTestId('load-error');
      await expect(err).toBeVisible({ timeout: 30_000 });
      expect(Date.now() - started).toBeLessThan(30_000);
      await expect(err).toHaveAttribute('data-code', 'not-found');
      await expect(err).toContainText('library');
      // The worker's web-llm really ran: it fetched the config, then the library.
      expect(host.log()).toEqual(expect.arrayContaining(['/m/resolve/main/mlc-chat-config.json', '/lib/Qwen2-7B-Instruct-q4f32_1_cs1k-webgpu.wasm']));
      // The page stays usable: the button is back.
      await expect(card.getByTestId('load-model')).toBeEnabled();
    });

    test('a library whose bytes differ from the manifest next to it is refused, naming the file', async ({ page }) => {
      const id = 'pollux-judge-7b-q4f32_1-MLC';
      const lib = `${host.url}/bad-libs/Qwen2-7B-Instruct-q4f32_1_cs1k-webgpu.wasm`;
      await setJudgeUrls(page, id, { model: `${host.url}/m`, lib });
      const card = await loadOnModels(page, id);
      const err = card.getByTestId('load-error');
      await expect(err).toHaveAttribute('data-code', 'integrity', { timeout: 30_000 });
      await expect(err).toContainText(lib);
    });

    test('weights that are not there are "not published yet" (not a network error), said before web-llm loads', async ({ page }) => {
      const id = 'pollux-judge-7b-q4f32_1-MLC';
      await setJudgeUrls(page, id, { model: `${host.url}/no-such-repo` });
      const card = await loadOnModels(page, id);
      const err = card.getByTestId('load-error');
      await expect(err).toHaveAttribute('data-code', 'not-published');
      await expect(err).toContainText(`${host.url}/no-such-repo/resolve/main/mlc-chat-config.json`);
      await expect(err).toContainText('endpoint');
    });
  });
});
