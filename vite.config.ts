/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// BASE_PATH is the sub-path the site is served under: "/" locally, "/<repo>/" on GitHub Pages.
// Every asset, the workers and the fetches of public/ files resolve against it
// (import.meta.env.BASE_URL), so one build works at any depth.
const base = process.env.BASE_PATH ?? '/';

/**
 * The page's Content-Security-Policy (README, "Privacy and security"). GitHub Pages cannot set
 * headers, so it travels as a <meta> tag, which browsers apply to the document (not to workers,
 * which only ever run the site's own code).
 *
 * - Scripts: the site's own files, the hashes of the inline scripts in index.html (the theme is
 *   applied before first paint), and 'wasm-unsafe-eval' (web-llm compiles WebAssembly).
 * - Styles: the site's own stylesheets only. Svelte and d3 set styles through the CSSOM
 *   (element.style), which a policy does not restrict; a `style` attribute or a <style> element in
 *   untrusted markup is refused.
 * - Images, media, fonts: the site, data: and blob: only, so no markup can make the browser
 *   fetch from another host (the exfiltration channel of an `<img src=…?q=…>`).
 * - Connections: the site, every https origin and http on the loopback interface. The judge
 *   endpoint is any URL the user types, and a meta policy cannot be widened at run time;
 *   on the https site browsers refuse other http origins anyway (mixed content). Only the
 *   app's own scripts can open connections, and they go to the Hub, GitHub raw, a mirror the
 *   user chose, or the endpoint the user chose.
 * - Nothing else: no plugins, frames, forms, <base>.
 */
export function contentSecurityPolicy(opts: { inlineScripts: readonly string[]; dev: boolean }): string {
  const hashes = opts.inlineScripts.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  // CSP host sources cannot name an IPv6 literal ([::1]); localhost covers it by name.
  const loopback = ['http://localhost:*', 'http://127.0.0.1:*'];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'", ...hashes],
    // The dev server injects each component's CSS as a <style> element (the build emits files).
    'style-src': opts.dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    // The dev server's hot-reload socket (ws: on the loopback interface) is dev-only.
    'connect-src': ["'self'", 'https:', ...loopback, ...(opts.dev ? ['ws://localhost:*', 'ws://127.0.0.1:*'] : [])],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'form-action': ["'none'"],
    'base-uri': ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;

/** Writes the policy into index.html, first thing in <head>, with the hashes of its inline scripts. */
function cspMeta(): Plugin {
  let dev = false;
  return {
    name: 'pollux-csp',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const inlineScripts = [...html.matchAll(INLINE_SCRIPT)].map((m) => m[1]);
        const policy = contentSecurityPolicy({ inlineScripts, dev });
        return html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
      },
    },
  };
}

/** What the preload plugin reads of the build's output: each chunk's static imports, where it came from. */
type OutputBundle = Readonly<
  Record<string, { type: 'chunk'; fileName: string; imports: readonly string[]; isEntry: boolean; facadeModuleId: string | null } | { type: 'asset' }>
>;

/** A chunk's file and every chunk it imports statically, transitively, added to `into`. */
function importClosure(bundle: OutputBundle, fileName: string, into: Set<string> = new Set()): Set<string> {
  if (into.has(fileName)) return into;
  into.add(fileName);
  const c = bundle[fileName];
  if (c?.type === 'chunk') c.imports.forEach((f) => importClosure(bundle, f, into));
  return into;
}

/** The chunks a first page runs as it starts, as the preload plugin reads them from the bundle. */
function firstPageChunks(bundle: OutputBundle) {
  const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry);
  const start = chunks.find((c) => c.facadeModuleId?.endsWith('/src/state/startup.ts'));
  const messages = chunks.find((c) => c.facadeModuleId?.endsWith('/src/lib/i18n/page-messages.ts'));
  if (!entry || !start || !messages) throw new Error('preloadFirstPage: no entry, start-up or page-messages chunk');
  const shell = importClosure(bundle, entry.fileName);
  const startup = [...importClosure(bundle, start.fileName)].filter((f) => !shell.has(f));
  const known = new Set([...shell, ...startup]);
  const routes: Record<string, string[]> = {};
  for (const c of chunks) {
    const route = /\/src\/views\/(\w+)\/\w+Page\.svelte$/.exec(c.facadeModuleId ?? '')?.[1];
    if (route) routes[route] = [...importClosure(bundle, c.fileName)].filter((f) => !known.has(f));
  }
  if (!routes.explore) throw new Error('preloadFirstPage: no chunk for the explore page');
  return { shell, startup, routes, messages: messages.fileName };
}

/**
 * V8's explicit compile hint (Chrome 136+; other engines read a comment): a script whose first
 * line is this comment has all its functions compiled as it is streamed in, on a background
 * thread, rather than each on the main thread at its first call. Worth it where most functions
 * run at load, as in the chunks a page starts with.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/**
 * What index.html asks for beside the entry chunk, so nothing waits for the entry to run first
 * (none of it is render-blocking: the first paint needs only the document, its stylesheet and the
 * entry chunk):
 *
 * - `<link rel="modulepreload">` for the start-up module (src/state/startup.ts: data, storage) and
 *   every chunk it imports: every page needs them right after the shell's first paint;
 * - a small inline script that reads the route from the URL's hash and adds such links for that
 *   page's chunk and every chunk it imports (less the entry's and the start-up's), and for the
 *   pages' messages. A page's chunk is the one built from src/views/<route>/<Name>Page.svelte.
 *
 * App.svelte still imports the start-up and the page after the first paint; Vite's loader finds
 * the links there and the modules fetched or in flight, so the page renders one request chain
 * sooner. Runs before the CSP plugin, which hashes the inline script.
 *
 * Those same chunks (the shell's, the start-up's, every page's) start with COMPILE_HINT. On a
 * phone-speed CPU (Lighthouse's mobile preset), compiling them function by function at first call
 * was a good part of the start's long tasks (dexie's first open alone ≈ 40–90 ms here).
 */
function preloadFirstPage(): Plugin {
  return {
    name: 'pollux-preload-first-page',
    apply: 'build',
    generateBundle: {
      // After Vite's own rewrite, which puts its dynamic-import table on a chunk's first line.
      order: 'post',
      handler(_options, bundle) {
        const { shell, startup, routes } = firstPageChunks(bundle);
        for (const f of new Set([...shell, ...startup, ...Object.values(routes).flat()])) {
          const c = bundle[f];
          if (c?.type === 'chunk' && !c.code.startsWith(COMPILE_HINT)) c.code = COMPILE_HINT + c.code;
        }
      },
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle) return [];
        const { startup, routes, messages } = firstPageChunks(ctx.bundle);
        const code =
          `(function(){var r=${JSON.stringify(routes)},m=/^#\\/(\\w+)/.exec(location.hash),` +
          `f=[${JSON.stringify(messages)}].concat(r[m?m[1]:'explore']||[]);` +
          `f.forEach(function(x){var l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=${JSON.stringify(base)}+x;document.head.appendChild(l)})})()`;
        return [
          { tag: 'script', children: code, injectTo: 'head' as const },
          ...startup.map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${f}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

export default defineConfig({
  base,
  plugins: [svelte(), preloadFirstPage(), cspMeta()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // web-llm is one ~6 MB bundle; it lives in its own worker chunk and never in the entry chunk.
    chunkSizeWarningLimit: 7000,
  },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
