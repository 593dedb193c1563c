/**
 * Comments and docs cite only notes a clone of the repository contains. Every mention of a
 * `.md` file under src/, test/, scripts/, docs/, bench/ (and the README) must resolve: relative
 * to the citing file's folder, or to the repository root (`docs/POLLUX.md`). A note that lived
 * outside the repository (a reviewer's notes, `../shared/…`) cannot be read by anyone who clones
 * it, so citing it fails here; the fix is to cite docs/POLLUX.md or the file in this repo that
 * says the same thing.
 *
 * Not citations: URLs (another site's README), and in code a property access such as `file.md`
 * outside a comment (parquet metadata is called `md`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(new URL('../../..', import.meta.url).pathname);
const DIRS = ['src', 'test', 'scripts', 'docs', 'bench'];
const FILES = ['README.md'];
const TEXT = /\.(ts|mts|cts|js|mjs|cjs|svelte|md|json|py|txt|ya?ml|html|css|sh)$/;
const CODE = /\.(ts|mts|cts|js|mjs|cjs|svelte)$/;
/** Build outputs and generated data, not written by hand. */
const SKIP_DIRS = new Set(['node_modules', 'out', 'test-results', 'www']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIP_DIRS.has(name) ? [] : files(path);
    return TEXT.test(name) ? [path] : [];
  });
}

/** A path-like token ending in `.md`, not glued to a longer word. */
const MENTION = /(?<![\w./~-])((?:\.{1,2}\/|[\w~-][\w.~-]*\/)*[\w~-][\w.~-]*\.md)(?![\w-])/g;

/** Character ranges of `<!-- … -->` comments (Svelte and Markdown). */
function htmlComments(text: string): [number, number][] {
  return [...text.matchAll(/<!--[\s\S]*?-->/g)].map((m) => [m.index, m.index + m[0].length]);
}

/** Whether offset `at` of a code file lies in a comment (line comment, JSDoc line or HTML comment). */
function inComment(text: string, at: number, html: [number, number][]): boolean {
  if (html.some(([a, b]) => at >= a && at < b)) return true;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(lineStart, at);
  return before.includes('//') || /^\s*(\*|\/\*)/.test(before);
}

interface Mention {
  file: string;
  line: number;
  cited: string;
}

/** Every `.md` the file cites that does not resolve. */
function unresolved(path: string, text: string): Mention[] {
  const out: Mention[] = [];
  const html = CODE.test(path) ? htmlComments(text) : [];
  for (const m of text.matchAll(MENTION)) {
    const cited = m[1];
    const at = m.index;
    // Part of a URL: another site's file.
    const wordStart = Math.max(text.lastIndexOf(' ', at), text.lastIndexOf('\n', at), text.lastIndexOf('(', at), text.lastIndexOf('"', at), text.lastIndexOf("'", at), text.lastIndexOf('`', at));
    if (text.slice(wordStart + 1, at).includes('://')) continue;
    // `file.md` in code is a property access unless it sits in a comment.
    if (CODE.test(path) && /^[a-z_$][\w$]*\.md$/.test(cited) && !inComment(text, at, html)) continue;
    const candidates = cited.startsWith('.') ? [resolve(dirname(path), cited)] : [resolve(dirname(path), cited), resolve(ROOT, cited)];
    const ok = candidates.some((c) => (c === ROOT || c.startsWith(ROOT + sep)) && existsSync(c));
    if (!ok) out.push({ file: relative(ROOT, path), line: text.slice(0, at).split('\n').length, cited });
  }
  return out;
}

describe('citations of .md files', () => {
  it('every .md a comment or doc cites is in the repository', () => {
    // This file names missing notes on purpose (its examples below).
    const self = resolve(new URL(import.meta.url).pathname);
    const all = [...DIRS.flatMap((d) => files(join(ROOT, d))), ...FILES.map((f) => join(ROOT, f))].filter((f) => f !== self);
    expect(all.length).toBeGreaterThan(100);
    const bad = all.flatMap((f) => unresolved(f, readFileSync(f, 'utf8')).map((m) => `${m.file}:${m.line}: ${m.cited}`));
    expect(bad).toEqual([]);
  });

  it('catches notes outside the repository and keeps property accesses and URLs out', () => {
    const at = (name: string) => join(ROOT, name);
    expect(unresolved(at('src/lib/x.ts'), '// rule from pollux-reference.md\nexport const a = 1;\n').map((m) => m.cited)).toEqual(['pollux-reference.md']);
    expect(unresolved(at('src/lib/x.ts'), '/**\n * See ../shared/webllm-notes.md\n */\n').map((m) => m.cited)).toEqual(['../shared/webllm-notes.md']);
    expect(unresolved(at('src/lib/x.ts'), ' * after notes.md, section 2\n').map((m) => m.cited)).toEqual(['notes.md']);
    expect(unresolved(at('src/X.svelte'), '<!--\n  from notes.md\n-->\n<p>{o.md}</p>\n').map((m) => m.cited)).toEqual(['notes.md']);
    expect(unresolved(at('docs/X.md'), 'See webllm-notes.md and docs/POLLUX.md.\n').map((m) => m.cited)).toEqual(['webllm-notes.md']);
    expect(unresolved(at('src/lib/x.ts'), '// docs/POLLUX.md, "Scales"\nconst rows = f.md.row_groups;\n')).toEqual([]);
    expect(unresolved(at('docs/X.md'), 'https://github.com/ai-forever/POLLUX/blob/main/README.md\n')).toEqual([]);
    // A sibling README resolves against the citing file's folder.
    expect(unresolved(at('public/sample/manifest.json'), '"see README.md"')).toEqual([]);
  });
});
