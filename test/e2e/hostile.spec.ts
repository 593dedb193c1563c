/**
 * Hostile input end to end, against the production build with its Content-Security-Policy: a
 * hostile answer, hostile judge output (the mock's `scripted-hostile` scenario), a hostile
 * custom criterion, hostile dataset text (a mirror on the fixture server) and a hostile share
 * link. For each, across the whole test:
 *   - no request to any host but the app, the fixture server and the chosen endpoint (the only
 *     exception: the app's own pinned taxonomy URLs on GitHub, which no text can change);
 *   - no Content-Security-Policy violation (the sanitiser, not only the policy, kept it inert);
 *   - no dialog (no script ran), and the page's computed style unchanged;
 *   - the panel that shows the text opens.
 * Then strangers' files (bundles) and the policy itself.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'fflate';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { FIXTURE_URL, OPENAI_URL, gotoApp } from './helpers.ts';
import { importAnswers, resetMock, samplePromptIds, startRun } from './evaluate-helpers.ts';
import { LEAK_HOSTS, hostileMarkdown, hostileName } from '../support/hostile.mjs';
import { TAXONOMY_COMMITS, taxonomyRawUrl, type TaxonomyName } from '../../src/lib/data/config.ts';
import { sampleBundle } from '../unit/run/bundle-sample.ts';

const PORT = Number(process.env.PW_PORT ?? 4174);
const ALLOWED_HOSTS = new Set([`127.0.0.1:${PORT}`, new URL(FIXTURE_URL).host, new URL(OPENAI_URL).host]);
const TAXONOMY_URLS = new Set(Object.keys(TAXONOMY_COMMITS).map((n) => taxonomyRawUrl(n as TaxonomyName)));

interface Watch {
  requests: string[];
  dialogs: string[];
  violations: string[];
}

/** Records every request, dialog and CSP violation of the context from now on. */
async function watch(context: BrowserContext, page: Page): Promise<Watch> {
  const w: Watch = { requests: [], dialogs: [], violations: [] };
  context.on('request', (r) => w.requests.push(r.url()));
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  await context.exposeBinding('__cspViolation', (_source, text: string) => void w.violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return w;
}

/** Requests that left the allowed set (data: and blob: never leave the machine). */
function foreign(w: Watch): string[] {
  return w.requests.filter((u) => {
    const url = new URL(u);
    if (url.protocol === 'data:' || url.protocol === 'blob:') return false;
    if (TAXONOMY_URLS.has(u)) return false;
    return !ALLOWED_HOSTS.has(url.host);
  });
}

function expectClean(w: Watch): void {
  expect(foreign(w), 'requests to other hosts').toEqual([]);
  for (const leak of LEAK_HOSTS) expect(w.requests.filter((u) => u.includes(leak))).toEqual([]);
  expect(w.violations, 'CSP violations (something tried to load or run)').toEqual([]);
  expect(w.dialogs, 'dialogs (script ran)').toEqual([]);
}

/** The computed look of the page's frame: what a hostile <style> or style attribute would change. */
function pageStyle(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    ['html', 'body', 'header', 'main'].map((sel) => {
      const el = document.querySelector(sel);
      if (!el) return `${sel}: missing`;
      const s = getComputedStyle(el);
      return `${sel}: ${s.backgroundColor} ${s.color} ${s.fontFamily} ${s.position} ${s.display} ${s.visibility}`;
    }),
  );
}

/** Opens the judgment detail's "Answer" section; returns a selector of its text. */
async function openAnswer(page: Page): Promise<string> {
  const section = page.getByTestId('judgment-detail').locator('details').nth(1);
  // The panel stays mounted from one judgment to the next, and so does an opened section.
  if ((await section.getAttribute('open')) === null) await section.locator('summary').click();
  await expect(section.locator('.box')).toBeVisible();
  return '[data-testid="judgment-detail"] details:nth-of-type(2) .box';
}

/** The rendered hostile markdown: formatting kept, nothing else. */
async function expectInertMarkdown(page: Page, scope: string): Promise<void> {
  const box = page.locator(scope);
  await expect(box.locator('strong', { hasText: 'жирный' }).first()).toBeVisible();
  for (const tag of ['img', 'svg', 'style', 'iframe', 'object', 'embed', 'video', 'audio', 'form', 'input', 'button', 'link', 'meta', 'base', 'script', 'details', 'math', 'template', 'noscript', 'portal']) {
    await expect(box.locator(`.md ${tag}`), `<${tag}> in ${scope}`).toHaveCount(0);
  }
  await expect(box.locator('.md [style], .md [class], .md [id], .md [onerror], .md [onload]')).toHaveCount(0);
  // A link keeps an http(s) or mailto target and opens safely; one that had another lost it.
  for (const a of await box.locator('.md a[href]').all()) {
    expect(await a.getAttribute('href')).toMatch(/^(https?:\/\/|mailto:)/);
    expect(await a.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await a.getAttribute('target')).toBe('_blank');
  }
}

test('a hostile answer judged by a judge that answers with hostile markdown: inert, the detail opens', async ({ page, context }) => {
  test.setTimeout(90_000);
  const w = await watch(context, page);
  const all = await samplePromptIds();
  await resetMock(page);
  await importAnswers(page, all.slice(0, 1), all.length, (id) => hostileMarkdown(`answer-${id}`));
  const before = await pageStyle(page);
  await startRun(page, 'scripted-hostile', hostileName('run'), 4);
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await page.getByTestId('run-results-link').click();
  await page.getByTestId('judgment-row').first().click();
  await expect(page.getByTestId('judgment-detail')).toBeVisible();
  await expectInertMarkdown(page, '[data-testid="detail-rationale"]');
  await expectInertMarkdown(page, await openAnswer(page));
  await expect(page.getByTestId('detail-raw')).toContainText('<script>alert');
  expect(await pageStyle(page)).toEqual(before);
  expectClean(w);
});

test('answers that crashed or froze the renderer: 3 KB of `>` and a 1 MB answer open in the panel', async ({ page }) => {
  // Judged elsewhere and imported as a bundle: the point is showing them, not judging them.
  const answers: Record<number, string> = { 1: '>'.repeat(3000), 2: 'Обычный длинный ответ модели, абзац за абзацем.\n\n'.repeat(22_000) };
  const bundle = await sampleBundle(2, 1, (id) => answers[id]);
  await gotoApp(page, '/results');
  await page.getByTestId('bundle-import').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bundle)) });
  await page.getByTestId('bundle-imported').getByRole('link').click();
  await page.locator('[data-job="1|0"]').click();
  const deepAnswer = await openAnswer(page);
  await expect(page.locator(`${deepAnswer} .md blockquote`).first()).toBeVisible();
  await page.locator('[data-job="2|0"]').click();
  const hugeAnswer = await openAnswer(page);
  await expect(page.locator(`${hugeAnswer} [data-testid="markdown-plain"]`)).toHaveAttribute('data-reason', 'too-long');
  await expect(page.locator(`${hugeAnswer} pre`)).toContainText('Обычный длинный ответ');
  await page.locator(`${hugeAnswer} [data-testid="markdown-render-anyway"]`).click();
  await expect(page.locator(`${hugeAnswer} .md p`).first()).toContainText('Обычный длинный ответ');
  await expect(page.getByTestId('judgment-detail')).toBeVisible();
});

test('a hostile custom instruction and criterion: inert in the editor, the prompt and the detail', async ({ page, context }) => {
  test.setTimeout(90_000);
  const w = await watch(context, page);
  await resetMock(page);
  await gotoApp(page, '/evaluate?mode=custom&answers=paste');
  const before = await pageStyle(page);
  await page.getByTestId('custom-add').click();
  await page.getByTestId('custom-instruction-0').fill(hostileMarkdown('custom-instruction'));
  await page.getByTestId('custom-criterion-name-0-0').fill(hostileName('criterion'));
  await page.getByTestId('custom-rubric-0-0').fill(`0: ${hostileName('level0')}\n\n1: средне\n\n2: ${hostileMarkdown('level2')}`);
  await expect(page.getByTestId('custom-scale-0-0')).toContainText('0');
  await page.getByTestId('paste-model').fill(hostileName('model'));
  await page.getByTestId('paste-answer').fill(hostileMarkdown('pasted-answer'));
  await expect(page.getByTestId('answers-ready')).toContainText('1');
  await startRun(page, 'scripted-valid', 'custom hostile', 1);
  await expect(page.getByTestId('run-progress')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await page.getByTestId('run-results-link').click();
  await page.getByTestId('judgment-row').first().click();
  await expect(page.getByTestId('judgment-detail')).toBeVisible();
  await expect(page.getByTestId('detail-prompt')).toContainText('<img src=');
  await expectInertMarkdown(page, await openAnswer(page));
  expect(await pageStyle(page)).toEqual(before);
  expectClean(w);
});

test('hostile dataset text from a mirror: the list and the instruction page show it inert', async ({ page, context }) => {
  test.setTimeout(90_000);
  const w = await watch(context, page);
  await gotoApp(page, `/explore?source=${encodeURIComponent(`mirror:${FIXTURE_URL}/files/hostile`)}`);
  await expect(page.getByTestId('instruction-count')).toHaveAttribute('data-count', '3', { timeout: 30_000 });
  const before = await pageStyle(page);
  await page.getByTestId('instruction-row').first().click();
  await expect(page.getByTestId('instruction-page')).toBeVisible();
  await expect(page.getByTestId('instruction-text')).toContainText('<script>alert');
  await expect(page.getByTestId('model-answer')).toHaveCount(7);
  await expectInertMarkdown(page, '[data-testid="model-answer"] >> nth=0');
  await expectInertMarkdown(page, '[data-testid="instruction-page"]');
  expect(await pageStyle(page)).toEqual(before);
  expectClean(w);
});

test('a hostile share link: names, criteria and info shown as text, charts drawn', async ({ page, context }) => {
  const w = await watch(context, page);
  const golden = JSON.parse(readFileSync(new URL('../fixtures/share/v1-current-app.json', import.meta.url), 'utf8')) as Record<string, unknown> & {
    criteria: string[];
    references: { label: string }[];
  };
  const payload = {
    ...golden,
    name: hostileName('share'),
    info: { [hostileName('key')]: hostileName('value'), judge: hostileMarkdown('info').slice(0, 900) },
    criteria: golden.criteria.map((c, i) => (i === 0 ? hostileName('criterion') : c)),
    references: golden.references.map((r) => ({ ...r, label: hostileName('label') })),
  };
  const link = Buffer.from(deflateSync(Buffer.from(JSON.stringify(payload)))).toString('base64url');
  await gotoApp(page, '/explore');
  const before = await pageStyle(page);
  await gotoApp(page, `/metrics/share/${link}`);
  await expect(page.getByTestId('share-info')).toContainText('share "><img');
  await expect(page.locator('[data-testid="chart-task-groups"] svg[role="img"]')).toBeVisible();
  await expect(page.locator('main img, main style, main iframe')).toHaveCount(0);
  expect(await pageStyle(page)).toEqual(before);
  expectClean(w);
});

test('a share link that inflates to 400 MB, or carries absurd resamples, is refused with a sentence', async ({ page, context }) => {
  const w = await watch(context, page);
  // 40 MB of zeros (a 40 KB link) stands for the 400 MB one: anything over the budget is refused.
  const bomb = Buffer.from(deflateSync(new Uint8Array(40 * 1024 * 1024), { level: 1 })).toString('base64url');
  await gotoApp(page, `/metrics/share/${bomb}`);
  await expect(page.getByTestId('share-error')).toHaveAttribute('data-code', 'too-large');
  await page.locator('[data-lang="en"]').click();
  await expect(page.getByTestId('share-error')).toContainText('Ask the sender');
  const golden = JSON.parse(readFileSync(new URL('../fixtures/share/v1-current-app.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const absurd = Buffer.from(deflateSync(Buffer.from(JSON.stringify({ ...golden, settings: { gate: 'official', resamples: 9e9, seed: 1 } })))).toString('base64url');
  await gotoApp(page, `/metrics/share/${absurd}`);
  await expect(page.getByTestId('share-error')).toHaveAttribute('data-code', 'invalid');
  await expect(page.getByTestId('share-error')).toContainText('settings.resamples');
  await expect(page.getByTestId('share-error')).not.toContainText('typed array');
  expectClean(w);
});

test('strangers’ bundle files: the same bundle twice is imported twice, a wrong file says what a bundle is', async ({ page }) => {
  const bundle = readFileSync(new URL('../fixtures/share/v1-current-app.json', import.meta.url));
  await gotoApp(page, '/results');
  await page.locator('[data-lang="en"]').click();
  // A share payload is JSON, but not a bundle.
  await page.getByTestId('bundle-import').setInputFiles({ name: 'shared.json', mimeType: 'application/json', buffer: bundle });
  await expect(page.getByTestId('bundle-errors')).toHaveAttribute('data-code', 'not-a-bundle');
  await expect(page.getByTestId('bundle-errors')).toContainText('Export run bundle');
  const answers = JSON.stringify({ model: 'm', answers: [{ prompt_id: 1, answer: 'a' }] });
  await page.getByTestId('bundle-import').setInputFiles({ name: 'answers.json', mimeType: 'application/json', buffer: Buffer.from(answers) });
  await expect(page.getByTestId('bundle-errors')).toContainText('Evaluate page');
  await page.getByTestId('bundle-import').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": ') });
  await expect(page.getByTestId('bundle-errors')).toHaveAttribute('data-code', 'not-json');

  const file = { name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(await sampleBundle())) };
  await page.getByTestId('bundle-import').setInputFiles(file);
  await expect(page.getByTestId('bundle-imported')).toContainText(/[1-9]\d* judgments kept with it/);
  await expect(page.getByTestId('bundle-imported')).not.toContainText('imported before');
  // A browser fires no change event when the file chosen is the one the input already holds
  // (then the first import's report stayed); the input must be cleared.
  await expect(page.getByTestId('bundle-import')).toHaveValue('');
  await page.getByTestId('bundle-import').setInputFiles(file);
  await expect(page.getByTestId('bundle-imported')).toContainText(/imported before, as “[^”]+”/);
  await expect(page.getByTestId('run-item')).toHaveCount(2);
});

test('the built page carries the policy: an image from another host is refused, and normal pages cause no violation', async ({ page, context }) => {
  const w = await watch(context, page);
  await gotoApp(page, '/explore');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const directive of ["script-src 'self' 'wasm-unsafe-eval' 'sha256-", "style-src 'self';", "img-src 'self' data: blob:", "object-src 'none'", "form-action 'none'", "base-uri 'none'", "worker-src 'self'", "frame-src 'none'"]) {
    expect(policy).toContain(directive);
  }
  for (const route of ['/explore/taxonomy', '/evaluate', '/results', '/metrics', '/models', '/settings']) {
    await gotoApp(page, route);
    await expect(page.locator('main')).not.toBeEmpty();
  }
  expectClean(w);
  // The second wall: markup that got past the sanitiser would still not load or run.
  const failures: string[] = [];
  // The pinned taxonomy's GitHub fallback fails here (no network) whenever the list's late load
  // reaches it; like `expectClean`, that is not what this checks.
  page.on('requestfailed', (r) => {
    if (!TAXONOMY_URLS.has(r.url())) failures.push(`${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  const blocked = await page.evaluate(async () => {
    const seen = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }));
    const img = document.createElement('img');
    img.src = 'https://evil.example/csp.png';
    document.body.append(img);
    return seen;
  });
  expect(blocked).toBe('img-src');
  await expect.poll(() => failures).toEqual(['https://evil.example/csp.png csp']);
});
