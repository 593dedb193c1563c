#!/usr/bin/env node
/**
 * Opt-in real-GPU check (not part of `npm test`): opens the built app in a real Chrome/Chromium
 * with a GPU, loads a converted POLLUX judge through the real web-llm worker, runs the
 * one-judgment try-out and prints score, rationale and tokens/s. Needs the converted weights
 * (model-configs/convert) reachable from the browser and a WebGPU-capable GPU.
 *
 *   npm run build && npx vite preview --port 4173 &
 *   CHROME_PATH=/usr/bin/google-chrome MODEL_ID=pollux-judge-7b-q4f16_1-MLC \
 *     [WEIGHTS_URL=https://huggingface.co/<you>/pollux-judge-7b-q4f16_1-MLC] [LIB_URL=…wasm] \
 *     [APP_URL=http://127.0.0.1:4173/] [HEADLESS=0] node test/gpu/run-tryout.mjs
 *
 * MODEL_ID defaults to the device report's recommended record. Exit code 0 only when a score
 * was parsed. The browser profile (test-results/gpu-profile) is kept, so the multi-GB download
 * happens once.
 */
import { chromium } from '@playwright/test';

const APP_URL = process.env.APP_URL ?? 'http://127.0.0.1:4173/';
const LOAD_TIMEOUT_MS = Number(process.env.LOAD_TIMEOUT_MS ?? 60 * 60 * 1000);

const context = await chromium.launchPersistentContext('test-results/gpu-profile', {
  executablePath: process.env.CHROME_PATH,
  headless: process.env.HEADLESS !== '0',
  args: ['--enable-unsafe-webgpu', '--enable-features=Vulkan,WebGPU', '--ignore-gpu-blocklist'],
  viewport: { width: 1280, height: 900 },
});
const page = context.pages()[0] ?? (await context.newPage());
page.on('console', (m) => {
  if (m.type() === 'error') console.error(`[page] ${m.text()}`);
});

try {
  let modelId = process.env.MODEL_ID;
  if (modelId && (process.env.WEIGHTS_URL || process.env.LIB_URL)) {
    await page.goto(`${APP_URL}#/settings`);
    if (process.env.WEIGHTS_URL) await page.getByTestId(`url-model-${modelId}`).fill(process.env.WEIGHTS_URL);
    if (process.env.LIB_URL) await page.getByTestId(`url-lib-${modelId}`).fill(process.env.LIB_URL);
    await page.getByTestId('judge-settings-save').click();
    await page.getByTestId('judge-settings-saved').waitFor();
  }
  await page.goto(`${APP_URL}#/models`);
  const report = page.getByTestId('device-report');
  await report.waitFor({ timeout: 30_000 });
  console.log(`device verdict: ${await report.getAttribute('data-verdict')}`);
  console.log((await report.innerText()).trim());
  if (!modelId) {
    const rec = page.locator('[data-testid^="model-card-"]', { has: page.getByTestId('recommended') }).first();
    modelId = ((await rec.getAttribute('data-testid')) ?? '').replace('model-card-', '');
    if (!modelId) throw new Error('no recommended model for this device; set MODEL_ID');
  }
  console.log(`loading ${modelId} …`);
  const card = page.getByTestId(`model-card-${modelId}`);
  const t0 = Date.now();
  await card.getByTestId('load-model').click();
  const ticker = setInterval(async () => {
    const p = await card.getByTestId('load-progress').innerText().catch(() => '');
    if (p) console.log(`  ${p.replace(/\s+/g, ' ').slice(0, 160)}`);
  }, 10_000);
  await Promise.race([
    page.getByTestId('loaded-model').waitFor({ timeout: LOAD_TIMEOUT_MS }),
    card.getByTestId('load-error').waitFor({ timeout: LOAD_TIMEOUT_MS }).then(async () => {
      throw new Error(`load failed: ${await card.getByTestId('load-error').innerText()}`);
    }),
  ]).finally(() => clearInterval(ticker));
  console.log(`loaded in ${Math.round((Date.now() - t0) / 1000)} s`);

  const t1 = Date.now();
  await page.getByTestId('tryout-run').click();
  const done = await Promise.race([
    page.getByTestId('tryout-result').waitFor({ timeout: 15 * 60_000 }).then(() => 'score'),
    page.getByTestId('tryout-unparsed').waitFor({ timeout: 15 * 60_000 }).then(() => 'unparsed'),
    page.getByTestId('tryout-error').waitFor({ timeout: 15 * 60_000 }).then(() => 'error'),
  ]);
  console.log(`try-out finished in ${Math.round((Date.now() - t1) / 1000)} s: ${done}`);
  console.log(`raw output:\n${await page.getByTestId('tryout-raw').innerText().catch(() => '')}`);
  if (done !== 'score') throw new Error(await page.locator('[data-testid="tryout-unparsed"], [data-testid="tryout-error"]').first().innerText());
  console.log(`score: ${await page.getByTestId('tryout-score').innerText()}`);
  console.log(`rationale: ${await page.getByTestId('tryout-rationale').innerText()}`);
  console.log(`speed: ${await page.getByTestId('loaded-speed').innerText()}`);
  await context.close();
} catch (e) {
  console.error(`GPU check failed: ${e instanceof Error ? e.message : String(e)}`);
  await context.close();
  process.exit(1);
}
