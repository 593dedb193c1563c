/**
 * docs/ARCHITECTURE.md states rules ("never", "only", "always"); each must name what enforces
 * it — a lint rule that is switched on for src/, or a test file that exists — so a rule in the
 * doc cannot quietly stop being true. Sentences without those words are descriptions and need
 * no citation. Every file path the doc mentions must exist too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(new URL('../../..', import.meta.url).pathname);
const DOC = readFileSync(resolve(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');

/** The doc's prose: paragraphs, list items and table rows, each as one line; code blocks left out. */
function units(md: string): string[] {
  const out: string[] = [];
  let current = '';
  let inCode = false;
  const flush = () => {
    if (current.trim()) out.push(current.trim());
    current = '';
  };
  for (const line of md.split('\n')) {
    if (line.startsWith('```')) {
      flush();
      inCode = !inCode;
      continue;
    }
    if (inCode) continue;
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('|') || /^\s*- /.test(line)) {
      flush();
      if (line.startsWith('|') || line.startsWith('#')) out.push(line);
      else current = line;
      continue;
    }
    current += ` ${line.trim()}`;
  }
  flush();
  return out;
}

/** Sentences of a unit; a table row or a heading is one. */
function sentences(unit: string): string[] {
  if (unit.startsWith('|') || unit.startsWith('#')) return [unit];
  return unit.split(/(?<=[.!?])\s+(?=[A-Z`(*"])/);
}

/** A rule word on its own (not part of a name such as `critical-only`). */
const RULE_WORD = /(?<![\w-])(never|only|always)(?![\w-])/i;
const TEST_PATH = /test\/[\w./-]+\.(?:test|spec)\.ts/g;

async function enabledLintRules(): Promise<Set<string>> {
  const eslint = new ESLint({ cwd: ROOT });
  const files = ['src/lib/pollux/x.ts', 'src/lib/run/x.ts', 'src/state/x.ts', 'src/views/x/X.svelte', 'src/lib/judge/webllm/x.ts'];
  const enabled = new Set<string>();
  for (const f of files) {
    const config = (await eslint.calculateConfigForFile(f)) as { rules: Record<string, unknown> };
    for (const [id, setting] of Object.entries(config.rules)) {
      const level = Array.isArray(setting) ? setting[0] : setting;
      if (level === 2 || level === 'error') enabled.add(id);
    }
  }
  return enabled;
}

describe('docs/ARCHITECTURE.md', () => {
  const all = units(DOC).flatMap(sentences);

  it('names what enforces each rule', async () => {
    const lint = await enabledLintRules();
    const problems: string[] = [];
    for (const s of all.filter((x) => RULE_WORD.test(x))) {
      const lintRules = [...s.matchAll(/lint:([^)]*)\)/g)].flatMap((m) => [...m[1].matchAll(/`([@\w/-]+)`/g)].map((r) => r[1]));
      const tests = s.match(TEST_PATH) ?? [];
      const typeCheck = /\(type check: /.test(s);
      if (lintRules.length + tests.length === 0 && !typeCheck) problems.push(`no enforcement named: ${s}`);
      for (const r of lintRules) if (!lint.has(r)) problems.push(`lint rule ${r} is not switched on for src/: ${s}`);
    }
    expect(problems).toEqual([]);
  });

  it('mentions only tests and files that exist', () => {
    const missing = new Set<string>();
    for (const t of DOC.match(TEST_PATH) ?? []) if (!existsSync(resolve(ROOT, t))) missing.add(t);
    // Back-quoted repository paths (folders and files with an extension), e.g. `src/state/db.ts`.
    for (const m of DOC.matchAll(/`((?:src|test|scripts|bench|docs|model-configs|public)\/[\w./<>-]*)`/g)) {
      const p = m[1].replace(/\/$/, '');
      if (!p.includes('<') && !p.includes('*') && !existsSync(resolve(ROOT, p))) missing.add(m[1]);
    }
    expect([...missing]).toEqual([]);
  });

  it('can tell a rule without an enforcement', () => {
    const probe = units('Text.\n\n- Views never fetch.\n- Views never fetch (lint: `no-restricted-globals`).\n').flatMap(sentences);
    expect(probe.filter((x) => RULE_WORD.test(x))).toEqual(['- Views never fetch.', '- Views never fetch (lint: `no-restricted-globals`).']);
  });
});
