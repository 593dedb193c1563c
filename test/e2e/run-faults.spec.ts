/**
 * Runs against a flaky endpoint: connections dropped mid-answer, streams that end early, a storm
 * of 429s, garbage replies. For each: no judgment lost, none duplicated, and where the fault is
 * transient the run finishes by itself — no manual Resume.
 */
import { expect, test, type Page } from '@playwright/test';
import { OPENAI_URL, gotoApp } from './helpers.ts';
import { chooseEndpointJudge, importAnswers, mockStats, resetMock, samplePromptIds, startRun } from './evaluate-helpers.ts';

async function control(page: Page, body: Record<string, number>): Promise<void> {
  await page.request.post(`${OPENAI_URL}/control`, { data: body });
}

/** The run's judgments on the Results page: every one scored, each (instruction, criterion) once. */
async function expectAllScored(page: Page, total: number): Promise<void> {
  await page.getByTestId('run-results-link').click();
  await expect(page.getByTestId('results-count')).toContainText(`${total}`);
  await page.getByTestId('rf-outcome').selectOption('score');
  await expect(page.getByTestId('results-count')).toContainText(`${total} `);
}

const faults: { name: string; body: Record<string, number> }[] = [
  { name: 'connections dropped in the middle of the answer', body: { dropNext: 3 } },
  { name: 'streams that end early without a finish reason', body: { cutNext: 3 } },
  { name: 'a storm of 429s with Retry-After', body: { failNext: 12, status: 429, retryAfter: 1 } },
];
for (const fault of faults) {
  test(`${fault.name}: the run finishes by itself, nothing lost or duplicated`, async ({ page }) => {
    test.setTimeout(150_000);
    const all = await samplePromptIds();
    await resetMock(page);
    await importAnswers(page, all.slice(0, 3), all.length);
    await control(page, fault.body);
    await startRun(page, 'pollux-judge-7b', fault.name, 4);
    const progress = page.getByTestId('run-progress');
    await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(progress).toHaveAttribute('data-failures', 'no');
    await expect(page.getByTestId('run-failed')).toContainText(/✖\s*0/);
    const stats = await mockStats(page);
    const total = Object.keys(stats.byPromptHash).length;
    expect(total).toBeGreaterThan(3);
    await expectAllScored(page, total);
  });
}

test('judgments that failed are retried from the progress panel; a run with failures does not say "Finished"', async ({ page }) => {
  test.setTimeout(120_000);
  const all = await samplePromptIds();
  await resetMock(page);
  await importAnswers(page, all.slice(0, 2), all.length);
  // Two garbage replies (a proxy's HTML page): those two judgments fail, the rest succeed.
  await control(page, { garbageNext: 2 });
  await startRun(page, 'pollux-judge-7b', 'garbage', 1);
  const progress = page.getByTestId('run-progress');
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(progress).toHaveAttribute('data-failures', 'yes');
  await expect(page.getByTestId('run-state')).toContainText('Finished with 2 failed');
  await page.getByTestId('run-retry-failed').click();
  await expect(progress).toHaveAttribute('data-failures', 'no', { timeout: 60_000 });
  await expect(progress).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('run-retry-failed')).toHaveCount(0);
  const total = Object.keys((await mockStats(page)).byPromptHash).length;
  await expectAllScored(page, total);
});

test('Start with nothing listening at the endpoint creates no run and says what failed', async ({ page }) => {
  test.setTimeout(90_000);
  const all = await samplePromptIds();
  await importAnswers(page, all.slice(0, 1), all.length);
  await chooseEndpointJudge(page, 'pollux-judge-7b', { baseUrl: 'http://127.0.0.1:4229/v1' });
  await page.getByTestId('run-start').click();
  const err = page.getByTestId('run-start-error');
  await expect(err).toHaveAttribute('data-code', 'network');
  await expect(err).toContainText('http://127.0.0.1:4229/v1/models');
  await expect(page.getByTestId('run-progress')).toHaveCount(0);
  await gotoApp(page, '/results');
  await expect(page.getByTestId('runs-empty')).toBeVisible();
});

test('site data cleared in the middle of a run: the run stops with an error, never "Finished"', async ({ page }) => {
  test.setTimeout(120_000);
  const all = await samplePromptIds();
  await resetMock(page);
  await importAnswers(page, all.slice(0, 3), all.length);
  await startRun(page, 'scripted-slow', 'cleared', 2);
  await expect.poll(async () => (await mockStats(page)).requests, { timeout: 60_000 }).toBeGreaterThan(2);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'indexeddb' });
  const progress = page.getByTestId('run-progress');
  await expect(progress).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(page.getByTestId('run-message')).toContainText(/deleted|closed this site's database/);
  // Nothing was written into the emptied database afterwards: no orphan jobs or judgments.
  const left = await page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    if (!dbs.some((d) => d.name === 'pollux-web')) return { jobs: 0, judgments: 0 };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('pollux-web');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const count = (store: string) =>
      db.objectStoreNames.contains(store)
        ? new Promise<number>((resolve) => {
            const r = db.transaction(store).objectStore(store).count();
            r.onsuccess = () => resolve(r.result);
          })
        : Promise.resolve(0);
    const out = { jobs: await count('jobs'), judgments: await count('judgments') };
    db.close();
    return out;
  });
  expect(left).toEqual({ jobs: 0, judgments: 0 });
});
