/**
 * What the in-browser benches share: bundle one bench entry (bench/<entry>.ts) with vite into
 * dist-<entry>/, serve it with a one-line page on 127.0.0.1:PORT, and open that page in headless
 * Chromium (CHROMIUM_PATH, default /usr/bin/chromium). The caller waits for the global function
 * its entry defines, calls it with page.evaluate, and closes.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'vite';
import { chromium } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');

/**
 * @param {{ entry: string, port: number, body?: string, minify?: boolean }} opts
 *   `body`: markup before the script (a host element); `minify: false` keeps stack traces readable.
 */
export async function openBenchPage({ entry, port, body = '', minify = true }) {
  const outDir = path.join(root, `dist-${entry}`);
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify,
      target: 'es2022',
      lib: { entry: path.join(root, `bench/${entry}.ts`), formats: ['es'], fileName: () => 'bench.js' },
    },
  });
  const html = `<!doctype html><meta charset="utf-8"><title>${entry}</title>${body}<script type="module" src="/bench.js"></script>`;
  const server = createServer(async (req, res) => {
    if (req.url === '/' || req.url === '/index.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    try {
      const body = await readFile(path.join(outDir, path.normalize(req.url ?? '').replace(/^(\.\.[/\\])+/, '')));
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const close = async () => {
    await browser.close();
    server.close();
  };
  return { browser, page, close };
}
