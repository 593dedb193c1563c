import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const PORT = Number(process.env.PW_PORT ?? 4174);
/** Base URL of the local fixture server (range requests, faults) — see test/servers/fixture-server.mjs. */
export const FIXTURE_URL = `http://127.0.0.1:${PORT + 1}`;
/** Base URL of the scripted OpenAI-compatible server — see test/servers/openai-mock.mjs. */
export const OPENAI_URL = `http://127.0.0.1:${PORT + 2}`;

/** Opens the app at a hash route (e.g. '/explore?group=x'), relative to the sub-path build. */
export async function gotoApp(page: Page, hashPath = '/explore'): Promise<void> {
  await page.goto(`./#${hashPath}`);
}

/**
 * Runs axe (WCAG 2.1 A and AA rules) on the page as it is now and fails with a readable list of
 * every violation: the rule, its impact and the nodes (CSS selectors) that break it.
 */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const lines = result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? '?'}) at ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? v.help}`));
  // Soft: one run reports every page's violations, not only the first page's.
  expect.soft(lines, `axe on ${where}`).toEqual([]);
}
