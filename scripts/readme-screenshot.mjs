/**
 * Retakes docs/screenshot.png, the README's picture: the production build with the bundled
 * sample, in English and the light theme at 1280 × 800, showing the first instruction of the
 * Explorer with its reference models' answers and the experts' scores.
 *
 *   node scripts/readme-screenshot.mjs      # builds into dist-screenshot/, serves it on port 4237
 */
import { execFileSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { preview } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const OUT = 'dist-screenshot';
execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', OUT, '--emptyOutDir', '--logLevel', 'error'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, BASE_PATH: '/pollux-web/', VITE_DEFAULT_SOURCE: 'sample' },
});
const server = await preview({ root, base: '/pollux-web/', build: { outDir: OUT }, preview: { port: 4237, strictPort: true, host: '127.0.0.1' }, logLevel: 'error' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US', colorScheme: 'light' });
  await page.goto('http://127.0.0.1:4237/pollux-web/#/explore');
  await page.getByTestId('instruction-row').first().click();
  await page.getByTestId('model-answer').first().waitFor();
  await page.screenshot({ path: `${root}docs/screenshot.png` });
} finally {
  await browser.close();
  await new Promise((r) => server.httpServer.close(r));
}
console.log('docs/screenshot.png written');
