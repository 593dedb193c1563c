import { defineConfig } from '@playwright/test';

// Every end-to-end test runs against the production build served under a sub-path, exactly as
// GitHub Pages serves it, so broken asset, worker or fetch URLs fail here first.
// PW_PORT lets two suites run side by side (the app on PORT, the fixture server on PORT+1 and
// its signed-URL origin on PORT+3, the scripted OpenAI-compatible server on PORT+2); PW_OUT keeps
// their builds apart.
const PORT = Number(process.env.PW_PORT ?? 4174);
const OUT = process.env.PW_OUT ?? 'dist-e2e';
export const SUB_PATH = '/pollux-web/';

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [['list']],
  outputDir: `test-results/${OUT}`,
  use: {
    baseURL: `http://127.0.0.1:${PORT}${SUB_PATH}`,
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-quic', '--disable-background-networking'],
    },
  },
  webServer: [
    {
      // VITE_DEFAULT_SOURCE=sample: tests never try huggingface.co (unreachable here); the
      // Hugging Face path itself is tested against the fixture server below.
      command:
        `BASE_PATH=${SUB_PATH} VITE_DEFAULT_SOURCE=sample node node_modules/vite/bin/vite.js build --outDir ${OUT} --emptyOutDir` +
        ` && node node_modules/vite/bin/vite.js preview --outDir ${OUT} --base ${SUB_PATH} --port ${PORT} --strictPort --host 127.0.0.1`,
      url: `http://127.0.0.1:${PORT}${SUB_PATH}`,
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      // PORT+3: the Hub-like mode's second origin (signed URLs), see test/servers/fixture-server.mjs.
      command: `node test/servers/fixture-server.mjs --port ${PORT + 1} --hub-port ${PORT + 3}`,
      url: `http://127.0.0.1:${PORT + 1}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node test/servers/openai-mock.mjs --port ${PORT + 2}`,
      url: `http://127.0.0.1:${PORT + 2}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
