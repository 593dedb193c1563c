import { expect, test, type Page } from '@playwright/test';
import { FIXTURE_URL, gotoApp } from './helpers.ts';

interface LogEntry {
  method: string;
  path: string;
  range: string | null;
  status: number;
  bytes: number;
  port: 'main' | 'hub';
  /** Milliseconds since the server started. */
  t: number;
}
const REV = '461c80411f8dac5ff82f4f363ee7db967305f7eb';
const SHARDS = ['test-00000-of-00003.parquet', 'test-00001-of-00003.parquet', 'test-00002-of-00003.parquet'];

async function serverLog(page: Page): Promise<LogEntry[]> {
  return (await page.request.get(`${FIXTURE_URL}/log`)).json() as Promise<LogEntry[]>;
}
async function fileSize(page: Page, path: string): Promise<number> {
  const r = await page.request.fetch(`${FIXTURE_URL}/files/${path}`, { headers: { Range: 'bytes=0-0' } });
  return Number(/\/(\d+)$/.exec(r.headers()['content-range'] ?? '')?.[1]);
}
const mirror = (base: string) => `/explore?source=${encodeURIComponent(`mirror:${base}`)}`;

test.beforeEach(async ({ page }) => {
  await page.request.get(`${FIXTURE_URL}/log/reset`);
});

test('sample: notice, filters in the URL, real instructions with their answers and expert votes', async ({ page }) => {
  await gotoApp(page, '/explore');
  await page.locator('[data-lang="en"]').click();
  await expect(page.getByTestId('data-notice')).toContainText('bundled sample');
  // 31 instructions from the POLLUX project page and 2 dataset rows (public/sample/README.md).
  await expect(page.getByTestId('instruction-count')).toHaveAttribute('data-count', '33');
  await page.getByTestId('filter-difficulty').selectOption('Hard');
  await page.getByTestId('filter-group').selectOption('Суммаризация');
  await expect(page).toHaveURL(/difficulty=Hard/);
  await expect(page.getByTestId('instruction-count')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('instruction-row')).toHaveCount(2);
  await page.getByTestId('filter-q').fill('брахистохрон');
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByTestId('instruction-row')).toHaveCount(1);
  await page.getByTestId('filter-reset').click();
  await page.getByTestId('filter-q').fill('метафорически');
  await expect(page.getByTestId('instruction-row')).toHaveCount(1);
  await page.getByTestId('instruction-row').first().click();
  await expect(page.getByTestId('instruction-page')).toBeVisible();
  // The real dataset row 57636: gpt4's answer, votes 0, -1, 0 — the -1 is shown as "n/a".
  await expect(page.getByTestId('model-answer')).toHaveCount(1);
  const gpt4 = page.locator('[data-testid="model-answer"][data-model="gpt4"]');
  const row = gpt4.getByTestId('answer-criterion').filter({ hasText: 'Проактивность' });
  await expect(row.getByTestId('expert-vote')).toHaveCount(3);
  await expect(row.locator('[data-score="-1"]')).toContainText('n/a');
  await expect(row).toContainText('Запрос не предполагает дальнейшего продолжения диалога.');

  // A project-page instruction with two answers: the second is a censor stub, and the experts say so.
  await page.getByTestId('back-to-list').click();
  await page.getByTestId('filter-q').fill('Марвел');
  await expect(page.getByTestId('instruction-row')).toHaveCount(1);
  await page.getByTestId('instruction-row').first().click();
  await expect(page.getByTestId('model-answer')).toHaveCount(2);
  const stub = page.locator('[data-testid="model-answer"][data-model="project-page-2"]');
  await expect(stub).toContainText('Не люблю менять тему разговора');
  await expect(stub.getByTestId('answer-criterion').filter({ hasText: 'заглушка цензора' })).toContainText('Сработал цензор, хотя тема не чувствительная');
  await expect(page.locator('[data-testid="criterion"] [data-category="Critical"]').first()).toBeVisible();
  await expect(page.locator('[data-testid="criterion"] [data-category="Subjective"]').first()).toBeVisible();
  await page.getByTestId('tab-taxonomy').click();
  await expect(page.getByTestId('sunburst-arc').first()).toBeVisible();
  const arcs = await page.getByTestId('sunburst-arc').count();
  await page.getByTestId('sunburst-arc').first().focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('sunburst-arc').count()).toBeLessThan(arcs);
  await expect(page.getByTestId('taxonomy-criteria').first()).toBeVisible();
});

test("the list renders in steps after the page's own render: the filters, then the rows that fill the list's box (the filters showing a linked choice), then the rows below and the other options", async ({ page }) => {
  await page.addInitScript(() => {
    // What the document holds in the task where `selector` first appears (a mutation observer's
    // callback runs at the end of that task), kept in window[key].
    const whenFirst = (selector: string, key: string, look: () => unknown) => {
      const log: unknown[] = [];
      Reflect.set(window, key, log);
      const mo = new MutationObserver(() => {
        if (!document.querySelector(selector)) return;
        mo.disconnect();
        log.push(look());
      });
      mo.observe(document, { childList: true, subtree: true });
    };
    // The page's task: the filters are not in it, even when the list is already in.
    whenFirst('[data-testid="tab-list"]', '__filtersWithPage', () => document.querySelector('form[role="search"]') !== null);
    // The filters' task: the list's box is not in it.
    whenFirst('form[role="search"]', '__listWithFilters', () => document.querySelector('.list') !== null);
    // The task that adds the rows, which the frame that paints them ends.
    whenFirst('[data-testid="instruction-row"]', '__firstRows', () => ({
      selects: [...document.querySelectorAll('form[role="search"] select')].map((s) => ({ value: (s as HTMLSelectElement).value, options: (s as HTMLSelectElement).options.length })),
      rows: document.querySelectorAll('[data-testid="instruction-row"]').length,
      listHeight: document.querySelector('.list > div')!.getBoundingClientRect().height,
    }));
  });
  await page.setViewportSize({ width: 412, height: 823 });
  await gotoApp(page, `/explore?group=${encodeURIComponent('Суммаризация')}&difficulty=Hard`);
  // The page's code comes late, as on a slow network: the rows (read from the page's database)
  // are in before the page renders.
  await page.route(/\/ExplorePage-[\w-]+\.js$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.reload();
  await expect(page.getByTestId('instruction-row').first()).toBeVisible();
  const difficulty = page.getByTestId('filter-difficulty');
  const group = page.getByTestId('filter-group');
  // In the end every option is there, and the linked choices are still the selected ones.
  await expect.poll(() => group.locator('option').count()).toBeGreaterThan(5);
  await expect(difficulty).toHaveValue('Hard');
  await expect(group).toHaveValue('Суммаризация');
  const seen = await page.evaluate(() => Reflect.get(window, '__firstRows') as { selects: { value: string; options: number }[]; rows: number; listHeight: number }[]);
  expect(await page.evaluate(() => Reflect.get(window, '__filtersWithPage') as boolean[])).toEqual([false]);
  expect(await page.evaluate(() => Reflect.get(window, '__listWithFilters') as boolean[])).toEqual([false]);
  expect(seen).toHaveLength(1);
  const first = seen[0]!;
  // group, subgroup, difficulty, domain, provocative: "any", and the linked value where there is one.
  expect(first.selects.map((s) => s.value)).toEqual(['Суммаризация', '', 'Hard', '', '']);
  expect(first.selects.map((s) => s.options)).toEqual([2, 1, 2, 1, 1]);
  // An option that came later is one choice like any other: the URL and the list follow it.
  const other = (await group.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).find((v) => v !== '' && v !== 'Суммаризация')!;
  await group.selectOption(other);
  await expect.poll(() => new URLSearchParams(page.url().split('?')[1]).get('group')).toBe(other);
  await expect(difficulty).toHaveValue('Hard');
  await expect(page.getByTestId('instruction-row').first()).toContainText(other);

  // Unfiltered, the first rows fill the list's box (at the 80 px a row is guessed before it is
  // measured) and no more; rows beyond its bottom edge, ready for a scroll, come after.
  await page.getByTestId('filter-reset').click();
  await page.unrouteAll();
  await page.reload();
  await expect(page.getByTestId('instruction-row').first()).toBeVisible();
  const unfiltered = (await page.evaluate(() => Reflect.get(window, '__firstRows') as { rows: number; listHeight: number }[]))[0]!;
  expect(unfiltered.rows).toBeLessThanOrEqual(Math.ceil(unfiltered.listHeight / 80));
  await expect
    .poll(() => page.locator('.list > div').evaluate((box) => [...box.querySelectorAll('[data-testid="instruction-row"]')].filter((r) => r.getBoundingClientRect().top >= box.getBoundingClientRect().bottom).length))
    .toBeGreaterThan(0);
});

test('a search typed just before leaving Explore stays there: no ?q= follows the user to the next page', async ({ page }) => {
  await page.clock.install();
  await gotoApp(page, '/explore');
  await expect(page.getByTestId('instruction-count')).toHaveAttribute('data-count', '33');
  // Time stops: the search box's 200 ms pause is still pending when the user leaves.
  await page.clock.pauseAt(Date.now() + 60_000);
  await page.getByTestId('filter-q').fill('Марвел');
  await page.locator('[data-nav="evaluate"]').click();
  await expect(page.getByTestId('select-summary')).toBeVisible();
  await page.clock.runFor(1000);
  await expect(page.getByTestId('select-summary')).toBeVisible();
  expect(page.url()).toMatch(/#\/evaluate/);
  expect(page.url()).not.toMatch(/q=/);
});

test('mirror: range reads only (206), bytes well below the files, join report, then browses with the fixture host down', async ({ page }) => {
  await gotoApp(page, mirror(`${FIXTURE_URL}/files`));
  await page.locator('[data-lang="en"]').click();
  await expect(page.getByTestId('instruction-count')).toHaveAttribute('data-count', '43', { timeout: 30_000 });
  await expect(page.getByTestId('join-expert-only')).toContainText('2 expert instructions not in POLLUX-instructions');
  const log = await serverLog(page);
  const shardReqs = log.filter((e) => e.path.includes('/POLLUX/resolve/'));
  expect(shardReqs.length).toBeGreaterThan(3);
  expect(shardReqs.every((e) => e.status === 206 && e.method === 'GET' && /^bytes=\d+-\d+$/.test(e.range ?? ''))).toBe(true);
  const fetched = shardReqs.reduce((s, e) => s + e.bytes, 0);
  let total = 0;
  for (const s of SHARDS) total += await fileSize(page, `datasets/ai-forever/POLLUX/resolve/${REV}/data/${s}`);
  expect(fetched).toBeLessThan(total * 0.5);

  // Filter to Hard literary tasks and open one: seven answers with scores and comments.
  await page.getByTestId('filter-difficulty').selectOption('Hard');
  await page.getByTestId('filter-domain').selectOption('Художественный');
  await page.getByTestId('instruction-row').first().click();
  await expect(page.getByTestId('model-answer')).toHaveCount(7);
  await expect(page.getByTestId('expert-vote').first()).toContainText('эксперт');
  const opened = page.url();

  // The data host goes away: a reload still opens from IndexedDB, including the opened instruction.
  await page.route(`${FIXTURE_URL}/**`, (r) => r.abort('internetdisconnected'));
  await page.request.get(`${FIXTURE_URL}/log/reset`);
  await page.reload();
  await expect(page.getByTestId('model-answer')).toHaveCount(7);
  await page.context().setOffline(true);
  await page.getByTestId('back-to-list').click();
  await expect(page.getByTestId('instruction-count')).toHaveAttribute('data-count', /\d+/);
  await page.getByTestId('filter-reset').click();
  await expect(page.getByTestId('instruction-count')).toHaveAttribute('data-count', '43');
  await page.context().setOffline(false);
  expect((await serverLog(page)).length).toBe(0);
  expect(opened).toContain('/explore/i/');
});

test('Hub-like: resolve/ links answer 302 to signed URLs, which are reused until they expire, then resolved again', async ({ page }) => {
  // Signed URLs live 4 s here (an hour on the Hub).
  await page.request.get(`${FIXTURE_URL}/control?ttl=4`);
  await gotoApp(page, mirror(`${FIXTURE_URL}/hub`));
  await expect(page.getByTestId('instruction-count')).toHaveAttribute('data-count', '43', { timeout: 30_000 });
  await expect(page.getByTestId('experts-progress')).toHaveCount(0, { timeout: 30_000 });
  const log = await serverLog(page);
  const redirects = log.filter((e) => e.status === 302);
  const data = log.filter((e) => e.port === 'hub');
  // A link is resolved once and its target reused: far fewer redirects than ranges.
  expect(redirects.length).toBeGreaterThanOrEqual(4);
  expect(redirects.length * 3).toBeLessThan(data.length);
  expect(data.filter((e) => e.status !== 403).every((e) => e.status === 206 && /^bytes=\d+-\d+$/.test(e.range ?? ''))).toBe(true);

  // The signatures expire: the next read gets 403, resolves the link again, and succeeds.
  await new Promise((r) => setTimeout(r, 4500));
  await page.request.get(`${FIXTURE_URL}/log/reset`);
  await page.getByTestId('instruction-row').first().click();
  await expect(page.getByTestId('model-answer')).toHaveCount(7);
  const again = await serverLog(page);
  expect(again.some((e) => e.status === 403)).toBe(true);
  expect(again.some((e) => e.status === 302)).toBe(true);
  await page.request.get(`${FIXTURE_URL}/control?ttl=60`);
});

test('the list stays where it is while the expert table streams in behind it, and when it is done', async ({ page }) => {
  // Slow answers keep the expert phase on screen long enough to look at it.
  await page.request.get(`${FIXTURE_URL}/control?latency=300`);
  try {
    await page.addInitScript(() => {
      type Shift = { value: number; sources?: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] };
      const w = window as unknown as { __shifts: string[]; __shift: number };
      w.__shifts = [];
      w.__shift = 0;
      new PerformanceObserver((l) => {
        for (const e of l.getEntries() as unknown as Shift[]) {
          const what = (e.sources ?? []).map((s) => `${(s.node as Element | undefined)?.outerHTML?.slice(0, 80) ?? `${s.node?.nodeName} in ${s.node?.parentElement?.outerHTML.slice(0, 120)}`} ${s.previousRect.y}→${s.currentRect.y} h ${s.previousRect.height}→${s.currentRect.height}`);
          w.__shifts.push(`${e.value.toFixed(4)}: ${what.join('; ')}`);
          w.__shift += e.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await gotoApp(page, mirror(`${FIXTURE_URL}/hub`));
    const progress = page.getByTestId('experts-progress');
    await expect(progress).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('instruction-row').first()).toBeVisible();
    // Over the page, not in its flow: its going away moves nothing.
    expect(await progress.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    const before = await page.getByTestId('instruction-row').first().boundingBox();
    await expect(progress).toHaveCount(0, { timeout: 30_000 });
    const after = await page.getByTestId('instruction-row').first().boundingBox();
    expect(after?.y).toBe(before?.y);
    // What may move: a pixel or two of the progress text as its ETA comes and goes (≈ 0.001).
    const { shift, shifts } = await page.evaluate(() => {
      const w = window as unknown as { __shifts: string[]; __shift: number };
      return { shift: w.__shift, shifts: w.__shifts };
    });
    expect(shift, shifts.join('\n')).toBeLessThan(0.005);
  } finally {
    await page.request.get(`${FIXTURE_URL}/control?latency=0`);
  }
});

for (const [mode, code] of [
  ['404', 'not-found'],
  ['no-cors', 'cors-or-network'],
  ['ignore-range', 'range-ignored'],
  ['drop', 'cors-or-network'],
  ['corrupt', 'corrupt'],
] as const) {
  test(`fault ${mode}: a clear message and Retry`, async ({ page }) => {
    await gotoApp(page, mirror(`${FIXTURE_URL}/fault/${mode}`));
    const err = page.getByTestId('data-error');
    await expect(err).toBeVisible({ timeout: 20_000 });
    await expect(err).toHaveAttribute('data-code', code);
    await expect(page.getByTestId('data-retry')).toBeVisible();
    if (mode === 'ignore-range') {
      const log = await serverLog(page);
      // The whole-file reply was cancelled: far fewer bytes than a shard went out.
      expect(log.filter((e) => e.status === 200).length).toBeGreaterThan(0);
    }
  });
}

test('fault 429: shows the wait, then a clear rate-limit message', async ({ page }) => {
  test.setTimeout(60_000);
  await gotoApp(page, mirror(`${FIXTURE_URL}/fault/429`));
  await expect(page.getByTestId('data-wait')).toBeVisible();
  await expect(page.getByTestId('data-error')).toHaveAttribute('data-code', 'rate-limited', { timeout: 40_000 });
});

test('once-faults: Retry succeeds and an interrupted load resumes without refetching cached row groups', async ({ page }) => {
  await page.request.get(`${FIXTURE_URL}/log/reset`);
  await gotoApp(page, mirror(`${FIXTURE_URL}/fault/once-drop`));
  await page.locator('[data-lang="en"]').click();
  for (let i = 0; i < 6; i++) {
    const done = page.getByTestId('instruction-count');
    const err = page.getByTestId('data-error');
    await expect(done.or(err)).toBeVisible({ timeout: 20_000 });
    if (await done.isVisible()) break;
    await expect(err).toHaveAttribute('data-code', 'cors-or-network');
    await page.getByTestId('data-retry').click();
  }
  await expect(page.getByTestId('instruction-count')).toHaveAttribute('data-count', '43');
  // Complete answers only: a range whose answer was cut (the injected drop) is rightly read again.
  const complete = (e: { range: string | null; bytes: number }) => {
    const m = /^bytes=(\d+)-(\d+)$/.exec(e.range ?? '');
    return m !== null && e.bytes === Number(m[2]) - Number(m[1]) + 1;
  };
  const ok = (await serverLog(page)).filter((e) => e.status === 206 && e.range !== 'bytes=0-0' && complete(e));
  const keys = ok.map((e) => `${e.path} ${e.range}`);
  expect(keys.length).toBeGreaterThan(10);
  // The message lists the requests, so a failure says which range was read twice.
  const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
  expect(twice, JSON.stringify((await serverLog(page)).map((e) => `${e.t} ${e.status} ${e.bytes} ${e.path.replace(/^.*\//, '')} ${e.range}`))).toEqual([]);

  // 429 once: the back-off waits and the load goes on by itself.
  await page.request.get(`${FIXTURE_URL}/log/reset`);
  await gotoApp(page, mirror(`${FIXTURE_URL}/fault/once-429`));
  await expect(page.getByTestId('instruction-count')).toHaveAttribute('data-count', '43', { timeout: 30_000 });
});
