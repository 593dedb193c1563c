import { expect, test } from '@playwright/test';
import { gotoApp } from './helpers.ts';
import { chooseEndpointJudge, importAnswers, samplePromptIds } from './evaluate-helpers.ts';

test('opens the built app under its sub-path, switches language and theme, visits every page', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400 && new URL(r.url()).host === new URL(page.url() || r.url()).host) failed.push(`${r.status()} ${r.url()}`);
  });
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await gotoApp(page, '/explore');
  // The data worker (parquet decoding) starts with the app: its script must resolve under the
  // sub-path, as on GitHub Pages, and actually run (it decodes the sample, so rows appear).
  await expect(page.getByTestId('instruction-row').first()).toBeVisible();
  expect(workers.length).toBeGreaterThan(0);
  for (const url of workers) expect(new URL(url).pathname.startsWith('/pollux-web/assets/')).toBe(true);
  await page.locator('[data-lang="en"]').click();
  await expect(page.locator('nav [data-nav="evaluate"]')).toHaveText('Evaluate');
  await page.locator('[data-lang="ru"]').click();
  await expect(page.locator('nav [data-nav="evaluate"]')).toHaveText('Оценка');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  // The header's status lines follow the switch too (they are translated when rendered).
  await expect(page.locator('[data-status="data"]')).toContainText('инструкций · встроенный пример');
  await page.locator('[data-lang="en"]').click();
  await expect(page.locator('[data-status="data"]')).toContainText('instructions · bundled sample');
  await page.locator('[data-lang="ru"]').click();

  for (const id of ['explore', 'evaluate', 'results', 'metrics', 'models', 'settings']) {
    await page.locator(`nav [data-nav="${id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`#/${id}`));
    await expect(page.locator(`nav [data-nav="${id}"]`)).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('main h1').first()).toBeVisible();
  }

  const before = await page.locator('html').getAttribute('data-theme');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', before ?? '');
  await page.reload();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', before ?? '');
  await expect(page.locator('nav [data-nav="evaluate"]')).toHaveText('Оценка');
  expect(failed).toEqual([]);
});

test('on a phone (390 px) no page scrolls sideways, in either language', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await gotoApp(page, '/explore');
  await expect(page.getByTestId('instruction-row').first()).toBeVisible();
  const wide: string[] = [];
  for (const lang of ['en', 'ru']) {
    await page.locator(`[data-lang="${lang}"]`).click();
    for (const id of ['explore', 'taxonomy', 'evaluate', 'results', 'metrics', 'models', 'settings']) {
      await gotoApp(page, `/${id}`);
      await expect(page.locator('main h1').first()).toBeVisible();
      // The Models page's endpoint form and the Evaluate page's judge step were the wide ones.
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      if (scroll > client) wide.push(`${lang} ${id}: ${scroll} px`);
    }
  }
  expect(wide).toEqual([]);
  await context.close();
});

test('the shell paints from the document and the entry chunk alone: pages, storage and run code are not waited for', async ({ page }) => {
  // Every script but the entry is held back until the header has painted.
  const html = await (await page.request.get('./')).text();
  const entry = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  expect(entry).toBeTruthy();
  const held: (() => Promise<void>)[] = [];
  const heldUrls: string[] = [];
  let holding = true;
  await page.route('**/assets/*.js', (route) => {
    if (!holding || new URL(route.request().url()).pathname === entry) return route.continue();
    heldUrls.push(route.request().url());
    held.push(() => route.continue());
    return undefined;
  });
  await gotoApp(page, '/explore');
  await expect(page.locator('nav [data-nav="explore"]')).toBeVisible();
  await expect(page.getByTestId('status-area')).toBeVisible();
  const paints = await page.evaluate(() => performance.getEntriesByType('paint').map((e) => e.name));
  expect(paints).toContain('first-contentful-paint');
  // Nothing else was needed for it: the start-up chunks the document preloads (data, storage) were
  // held without delaying the paint, and the page was asked for after it.
  await expect.poll(() => heldUrls.length).toBeGreaterThan(0);
  expect(html).toMatch(/<link rel="modulepreload"[^>]*href="[^"]*\/startup-[^"]+\.js"/);
  expect(heldUrls.some((u) => /\/startup-[^/]+\.js$/.test(u))).toBe(true);
  await expect.poll(() => heldUrls.some((u) => /ExplorePage-/.test(u))).toBe(true);
  // The route's page and the pages' messages were named by the document (preloadFirstPage), not found after the paint.
  for (const chunk of ['ExplorePage-', 'page-messages-']) await expect(page.locator(`link[rel="modulepreload"][href*="/${chunk}"]`)).toHaveCount(1);
  holding = false;
  for (const go of held.splice(0)) await go();
  await expect(page.getByTestId('instruction-row').first()).toBeVisible();
});

test('the chunks a first page starts with carry V8\'s compile hint; those loaded later do not', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await gotoApp(page, '/metrics?run=__references__');
  await expect(page.getByTestId('summary-grand')).toBeVisible();
  const hinted = async (name: RegExp): Promise<boolean> => {
    const url = scripts.find((u) => name.test(new URL(u).pathname));
    expect(url, `${name} was loaded`).toBeDefined();
    return (await (await page.request.get(url!)).text()).startsWith('//# allFunctionsCalledOnLoad\n');
  };
  // The shell, the start-up (data, storage) and the page: compiled as they stream in.
  for (const name of [/\/index-[^/]+\.js$/, /\/startup-[^/]+\.js$/, /\/db-[^/]+\.js$/, /\/MetricsPage-[^/]+\.js$/]) expect(await hinted(name), String(name)).toBe(true);
  // The report's view and charts come after the page's start: compiled as their functions run.
  expect(await hinted(/\/ReportView-[^/]+\.js$/)).toBe(false);
});

test('the entry chunk carries the shell messages only, and a page that shows runs loads no run machinery', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.addInitScript(() => localStorage.setItem('pollux-web:lang', 'en'));
  await gotoApp(page, '/metrics?run=__references__');
  await expect(page.locator('link[rel="modulepreload"][href*="/MetricsPage-"]')).toHaveCount(1);
  // A page's own text (the gate's help) is there: the page messages came with the page.
  await expect(page.locator('.help')).toContainText('metrics.py zeroes all scores');
  await expect(page.getByTestId('summary-grand')).toBeVisible();
  expect(requested.some((u) => /\/page-messages-[^/]+\.js$/.test(u))).toBe(true);
  // Listing runs and computing their metrics reads them; the queue, runner, bundles, importers and
  // engines come with the first operation that needs them.
  expect(requested.filter((u) => /\/run-machinery-[^/]+\.js$/.test(u))).toEqual([]);

  const html = await (await page.request.get('./')).text();
  const entry = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1] ?? '';
  const code = await (await page.request.get(entry)).text();
  expect(code).toContain('Skip to content');
  expect(code).not.toContain('metrics.py zeroes all scores');

  // Planning a run is the first operation that needs it.
  const all = await samplePromptIds();
  await importAnswers(page, all.slice(0, 1), all.length);
  await chooseEndpointJudge(page, 'pollux-judge-7b', { baseUrl: 'http://127.0.0.1:4229/v1' });
  expect(requested.filter((u) => /\/run-machinery-[^/]+\.js$/.test(u))).toHaveLength(1);
});
