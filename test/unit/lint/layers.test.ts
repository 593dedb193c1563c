// The layering rules of docs/ARCHITECTURE.md live in eslint.config.js. These cases prove each
// rule fires where it must (and stays quiet where the architecture allows the import), so a
// config edit that silently drops a rule fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('layer rules', () => {
  it('views never import dexie, the shared database or store values', async () => {
    expect(await ruleIds('src/views/results/Probe.ts', "import Dexie from 'dexie';\nexport const d = Dexie;\n")).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds('src/views/results/Probe.ts', "import { getDB } from '../../state/db.ts';\nexport const d = getDB;\n")).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds('src/views/results/Probe.ts', "import { openPolluxDB } from '../../lib/store/db.ts';\nexport const d = openPolluxDB;\n")).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds('src/components/Probe.ts', "import { openPolluxDB } from '../lib/store/db.ts';\nexport const d = openPolluxDB;\n")).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('views may import record types and state', async () => {
    const ok = "import type { RunRecord } from '../../lib/store/run-records.ts';\nimport { runsState } from '../../state/runs.svelte.ts';\nexport const f = (r: RunRecord) => runsState.runs.includes(r);\n";
    expect(await ruleIds('src/views/results/Probe.ts', ok)).toEqual([]);
  });

  it('lib never imports state, views or components, and never opens the shared database', async () => {
    expect(await ruleIds('src/lib/run/probe.ts', "import { runsState } from '../../state/runs.svelte.ts';\nexport const r = runsState;\n")).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds('src/lib/run/probe.ts', "import X from '../../views/results/RunView.svelte';\nexport const r = X;\n")).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds('src/lib/run/probe.ts', "import { getDB } from '../../state/db.ts';\nexport const r = getDB;\n")).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('lib never touches document or localStorage', async () => {
    expect(await ruleIds('src/lib/run/probe.ts', 'export const l = localStorage.getItem("x");\n')).toContain('no-restricted-globals');
    expect(await ruleIds('src/lib/data/probe.ts', 'export const t = document.title;\n')).toContain('no-restricted-globals');
  });

  it('the pure core has no I/O: no fetch, storage, workers or navigator', async () => {
    for (const dir of ['pollux', 'stats', 'charts', 'metrics', 'taxonomy', 'format']) {
      expect(await ruleIds(`src/lib/${dir}/probe.ts`, 'export const f = () => fetch("/x");\n')).toContain('no-restricted-globals');
      expect(await ruleIds(`src/lib/${dir}/probe.ts`, "import { openPolluxDB } from '../store/db.ts';\nexport const d = openPolluxDB;\n")).toContain(
        '@typescript-eslint/no-restricted-imports',
      );
    }
    expect(await ruleIds('src/lib/pollux/probe.ts', 'export const g = navigator.gpu;\n')).toContain('no-restricted-globals');
  });

  it('the app never imports test stand-ins', async () => {
    expect(await ruleIds('src/state/probe.ts', "import { x } from '../../test/support/scenarios.mjs';\nexport const y = x;\n")).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('the pure core includes io, text, validate and the worker protocol', async () => {
    for (const dir of ['io', 'text', 'validate', 'worker', 'router', 'i18n']) {
      expect(await ruleIds(`src/lib/${dir}/probe.ts`, 'export const f = () => fetch("/x");\n')).toContain('no-restricted-globals');
    }
  });

  it('only src/lib/store/ imports dexie', async () => {
    const code = "import Dexie from 'dexie';\nexport const d = Dexie;\n";
    for (const file of ['src/state/probe.ts', 'src/lib/run/probe.ts', 'src/lib/data/probe.ts', 'src/views/results/Probe.ts']) {
      expect(await ruleIds(file, code), file).toContain('@typescript-eslint/no-restricted-imports');
    }
    expect(await ruleIds('src/lib/store/probe.ts', code)).toEqual([]);
  });

  it('web-llm: import() in lazy.ts only, a static import in its worker only, types anywhere', async () => {
    const dynamic = "export const m = () => import('@mlc-ai/web-llm');\n";
    const value = "import { CreateMLCEngine } from '@mlc-ai/web-llm';\nexport const c = CreateMLCEngine;\n";
    const type = "import type { AppConfig } from '@mlc-ai/web-llm';\nexport const f = (c: AppConfig) => c;\n";
    expect(await ruleIds('src/lib/judge/webllm/probe.ts', dynamic)).toContain('no-restricted-syntax');
    expect(await ruleIds('src/state/probe.ts', dynamic)).toContain('no-restricted-syntax');
    expect(await ruleIds('src/lib/judge/webllm/lazy.ts', dynamic)).toEqual([]);
    expect(await ruleIds('src/lib/judge/webllm/probe.ts', value)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds('src/lib/judge/webllm/worker.ts', value)).toEqual([]);
    expect(await ruleIds('src/lib/judge/webllm/probe.ts', type)).toEqual([]);
  });

  it('views and components do no network or web storage of their own', async () => {
    expect(await ruleIds('src/views/explore/Probe.ts', 'export const f = () => fetch("/x");\n')).toContain('no-restricted-globals');
    expect(await ruleIds('src/components/Probe.ts', 'export const l = localStorage.getItem("x");\n')).toContain('no-restricted-globals');
    expect(await ruleIds('src/views/explore/Probe.ts', 'export const s = sessionStorage.getItem("x");\n')).toContain('no-restricted-globals');
  });

  it('no Math.random anywhere in src/', async () => {
    for (const file of ['src/lib/stats/probe.ts', 'src/lib/run/probe.ts', 'src/state/probe.ts', 'src/views/metrics/Probe.ts']) {
      expect(await ruleIds(file, 'export const r = Math.random();\n'), file).toContain('no-restricted-properties');
    }
  });

  it('{@html} is refused in a view', async () => {
    const code = '<script lang="ts">\n  let { html }: { html: string } = $props();\n</script>\n\n<div>{@html html}</div>\n';
    expect(await ruleIds('src/views/results/Probe.svelte', code)).toContain('svelte/no-at-html-tags');
  });

  it('no any', async () => {
    expect(await ruleIds('src/lib/pollux/probe.ts', 'export const f = (x: any) => x;\n')).toContain('@typescript-eslint/no-explicit-any');
  });
});

describe('the one raw-HTML sink', () => {
  it('{@html} appears in src/ only in components/Markdown.svelte, on the sanitised result', () => {
    const root = new URL('../../../src/', import.meta.url).pathname;
    const hits: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.svelte')) {
          readFileSync(path, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (line.includes('{@html')) hits.push(`${relative(root, path)}:${i + 1}: ${line.trim()}`);
            });
        }
      }
    };
    walk(root);
    expect(hits).toEqual([expect.stringMatching(/^components\/Markdown\.svelte:\d+: <div class="md">\{@html result\.html\}<\/div>$/)]);
  });
});
