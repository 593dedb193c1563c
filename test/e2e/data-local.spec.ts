import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { gotoApp } from './helpers.ts';

const file = (name: string) => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: readFileSync(new URL(`../../public/sample/${name}`, import.meta.url)),
});

test('Settings names the current source and its state in words, in both languages', async ({ page }) => {
  await gotoApp(page, '/settings');
  await page.locator('[data-lang="en"]').click();
  const current = page.getByTestId('data-current');
  await expect(current).toHaveText('Current: Bundled sample · ready', { timeout: 20_000 });
  await page.locator('[data-lang="ru"]').click();
  await expect(current).toHaveText('Сейчас: Встроенный пример · готов');
});

test('local parquet files chosen in Settings become the data source (file picker)', async ({ page }) => {
  await gotoApp(page, '/settings');
  await page.locator('[data-lang="en"]').click();
  await page.getByTestId('source-local').check();
  // The files are told apart by their columns, not their names.
  await page.getByTestId('source-files').setInputFiles([
    { ...file('pollux-test.parquet'), name: 'experts.parquet' },
    { ...file('pollux-instructions.parquet'), name: 'instructions.parquet' },
  ]);
  await expect(page.getByTestId('data-settings')).toContainText('experts.parquet');
  await page.getByTestId('source-apply').click();
  await expect(page.getByTestId('data-current')).toContainText(/Local files: .*experts\.parquet.* · ready/);

  await page.locator('nav [data-nav="explore"]').click();
  await expect(page.getByTestId('instruction-count')).toHaveAttribute('data-count', '33', { timeout: 20_000 });
  await page.getByTestId('instruction-row').first().click();
  await expect(page).toHaveURL(/#\/explore\/i\//);
});
