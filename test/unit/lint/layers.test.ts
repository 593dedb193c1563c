// The layering rules of docs/ARCHITECTURE.md live in eslint.config.js. These cases prove each
// rule fires where it must (and stays quiet where the architecture allows the import), so a
// config edit that silently drops a rule fails here.
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

  it('no any', async () => {
    expect(await ruleIds('src/lib/pollux/probe.ts', 'export const f = (x: any) => x;\n')).toContain('@typescript-eslint/no-explicit-any');
  });
});
