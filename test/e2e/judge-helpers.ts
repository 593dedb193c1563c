/** Shared steps of the judge e2e specs: pointing a POLLUX record at other URLs (Settings → Judge), loading it on Models. */
import { expect, type Locator, type Page } from '@playwright/test';
import { gotoApp } from './helpers.ts';

export async function setJudgeUrls(page: Page, id: string, urls: { model?: string; lib?: string }): Promise<void> {
  await gotoApp(page, '/settings');
  if (urls.model !== undefined) await page.getByTestId(`url-model-${id}`).fill(urls.model);
  if (urls.lib !== undefined) await page.getByTestId(`url-lib-${id}`).fill(urls.lib);
  await page.getByTestId('judge-settings-save').click();
  await expect(page.getByTestId('judge-settings-saved')).toBeVisible();
}

/** Clicks the record's load button on the Models page; returns its card. */
export async function loadOnModels(page: Page, id: string): Promise<Locator> {
  await gotoApp(page, '/models');
  const card = page.getByTestId(`model-card-${id}`);
  await card.getByTestId('load-model').click();
  return card;
}
