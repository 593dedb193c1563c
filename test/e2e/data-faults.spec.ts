/**
 * Data loading under faults: a stalled response, flipped bytes, a huge Retry-After, and an
 * unreachable Hub on an instruction page. For each: the number of requests stays bounded, the
 * user sees a clear, located error (or the sample-fallback notice), and nothing wrong is kept.
 */
import { expect, test, type Page } from '@playwright/test';
import { FIXTURE_URL, gotoApp } from './helpers.ts';

interface LogEntry {
  path: string;
  range: string | null;
  status: number;
  bytes: number;
}
const serverLog = async (page: Page): Promise<LogEntry[]> => (await page.request.get(`${FIXTURE_URL}/log`)).json() as Promise<LogEntry[]>;
const mirror = (base: string) => `/explore?source=${encodeURIComponent(`mirror:${base}`)}`;

test.beforeEach(async ({ page }) => {
  await page.request.get(`${FIXTURE_URL}/log/reset`);
});

async function setReadTimeout(page: Page, seconds: number): Promise<void> {
  await gotoApp(page, '/settings');
  await page.getByTestId('data-read-timeout').fill(String(seconds));
  await page.getByTestId('data-network-save').click();
  await expect(page.getByTestId('data-settings')).toContainText(/Saved|Сохранено/);
}

test('a stalled response times out, is retried, and the load finishes by itself when the stall was transient', async ({ page }) => {
  await setReadTimeout(page, 2);
  await gotoApp(page, mirror(`${FIXTURE_URL}/fault/once-stall`));
  await page.reload();
  await page.locator('[data-lang="en"]').click();
  await expect(page.getByTestId('instruction-count')).toHaveAttribute('data-count', '43', { timeout: 30_000 });
  await expect(page.getByTestId('experts-progress')).toHaveCount(0, { timeout: 30_000 });
  const log = await serverLog(page);
  // Each file stalled once and was read again: at most one extra request per file.
  const stalls = log.filter((e) => e.path.startsWith('/fault/once-stall/'));
  expect(stalls.length).toBeLessThan(60);
  const keys = log.filter((e) => e.status === 206 && e.range !== 'bytes=0-0').map((e) => `${e.path} ${e.range}`);
  expect(keys.length - new Set(keys).size).toBeLessThanOrEqual(4);
});

test('a response that keeps stalling ends in a located timeout error with Retry, after a bounded number of requests', async ({ page }) => {
  await setReadTimeout(page, 2);
  await gotoApp(page, mirror(`${FIXTURE_URL}/fault/stall`));
  await page.reload();
  await page.locator('[data-lang="en"]').click();
  const err = page.getByTestId('data-error');
  await expect(err).toHaveAttribute('data-code', 'timeout', { timeout: 30_000 });
  await expect(err).toContainText('stopped sending data');
  await expect(page.getByTestId('data-retry')).toBeVisible();
  // Four files: a size probe each (it gets its one byte), then three tries of the footer each.
  const n = (await serverLog(page)).length;
  expect(n).toBeLessThanOrEqual(4 * (1 + 3));
  // And then nothing more: no loop retries behind the error.
  await page.waitForTimeout(2500);
  expect((await serverLog(page)).length).toBe(n);
});

test('flipped bytes inside compressed pages are caught: a corrupt error naming the file and row group, nothing garbled listed', async ({ page }) => {
  await gotoApp(page, mirror(`${FIXTURE_URL}/fault/flip`));
  await page.locator('[data-lang="en"]').click();
  // POLLUX-instructions (small: its footer region is left intact) gives the list; the shards are damaged.
  const err = page.getByTestId('experts-error').or(page.getByTestId('data-error'));
  await expect(err).toHaveAttribute('data-code', 'corrupt', { timeout: 30_000 });
  await expect(err).toContainText(/data\/test-0000\d-of-00003\.parquet, row group \d+/);
  await expect(page.getByTestId('data-retry')).toBeVisible();
  // No decoded garbage joined into the list: at most the 43 real instructions.
  const count = page.getByTestId('instruction-count');
  if (await count.isVisible()) expect(Number(await count.getAttribute('data-count'))).toBeLessThanOrEqual(43);
});

test('a Retry-After of a day is shown as the 5-minute cap', async ({ page }) => {
  await gotoApp(page, mirror(`${FIXTURE_URL}/fault/retry-after`));
  await page.locator('[data-lang="en"]').click();
  await expect(page.getByTestId('data-wait')).toContainText('5 min');
  await page.getByRole('button', { name: 'Cancel' }).first().click();
  await expect(page.getByTestId('data-error')).toHaveAttribute('data-code', 'aborted');
});

test('Hub unreachable on an instruction page: the sample fallback once, a handful of requests, none more on page views', async ({ page }) => {
  const hub: string[] = [];
  const github: string[] = [];
  for (const host of ['https://huggingface.co/**', 'https://datasets-server.huggingface.co/**']) {
    await page.route(host, (route) => {
      hub.push(route.request().url());
      return route.abort('internetdisconnected');
    });
  }
  await page.route('https://raw.githubusercontent.com/**', (route) => {
    github.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await gotoApp(page, '/explore?source=hf');
  await page.locator('[data-lang="en"]').click();
  await expect(page.getByTestId('data-notice')).toHaveAttribute('data-notice', 'hfFallback', { timeout: 30_000 });
  const afterLoad = hub.length;
  expect(afterLoad).toBeGreaterThan(0);
  expect(afterLoad).toBeLessThanOrEqual(5);
  await page.getByTestId('instruction-row').filter({ hasNotText: 'no expert answers' }).first().click();
  await expect(page.getByTestId('model-answer').first()).toBeVisible();
  const opened = page.url();
  // Stay on the page, leave it and come back a few times: not one more request to the Hub.
  await page.waitForTimeout(2000);
  for (let i = 0; i < 3; i++) {
    await page.getByTestId('back-to-list').click();
    await expect(page.getByTestId('instruction-row').first()).toBeVisible();
    await page.goto(opened);
    await expect(page.getByTestId('model-answer').first()).toBeVisible();
  }
  expect(hub.length).toBe(afterLoad);
  // The taxonomy's failed GitHub requests are remembered for the visit: a reload does not repeat them.
  const githubBefore = github.length;
  await page.reload();
  await expect(page.getByTestId('model-answer').first()).toBeVisible();
  expect(github.length).toBe(githubBefore);
});
