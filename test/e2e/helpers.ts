import type { Page } from '@playwright/test';

const PORT = Number(process.env.PW_PORT ?? 4174);
/** Base URL of the local fixture server (range requests, faults) — see test/servers/fixture-server.mjs. */
export const FIXTURE_URL = `http://127.0.0.1:${PORT + 1}`;
/** Base URL of the scripted OpenAI-compatible server — see test/servers/openai-mock.mjs. */
export const OPENAI_URL = `http://127.0.0.1:${PORT + 2}`;

/** Opens the app at a hash route (e.g. '/explore?group=x'), relative to the sub-path build. */
export async function gotoApp(page: Page, hashPath = '/explore'): Promise<void> {
  await page.goto(`./#${hashPath}`);
}
