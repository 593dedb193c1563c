/**
 * Every message key is used somewhere in src/, and every messages/ file is part of the typed
 * dictionary. Together with the compile-time `MessageKey` type (a key that does not exist does
 * not compile) and messages.test.ts (same keys and placeholders in both languages), a message
 * can be neither missing nor dead.
 *
 * How "used" is decided: the sources are scanned for string literals. A literal equal to a key
 * uses that key. A template literal that starts with `<feature>.` uses every key its shape can
 * produce: `run.state.${state}` uses `run.state.running`, `run.state.done`, … — the compiler
 * has already checked that the union behind `${state}` only reaches existing keys, so counting
 * the whole shape as used errs only towards "used" for keys of that one family.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHELL_FEATURES } from '../../../src/lib/i18n/dictionary.ts';
import { PAGE_FEATURES } from '../../../src/lib/i18n/page-messages.ts';
import { scanStrings } from './scan-strings.ts';

const root = new URL('../../../src/', import.meta.url).pathname;
const messagesDir = join(root, 'lib/i18n/messages');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path === messagesDir ? [] : sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const FEATURES = { ...SHELL_FEATURES, ...PAGE_FEATURES };
const allKeys = Object.entries(FEATURES).flatMap(([feature, m]) => Object.keys(m.en).map((k) => `${feature}.${k}`));
const featureNames = Object.keys(FEATURES);

function usedKeys(): { used: Set<string>; where: Map<string, string> } {
  const keySet = new Set(allKeys);
  const used = new Set<string>();
  const where = new Map<string, string>();
  for (const file of sourceFiles(root)) {
    const rel = relative(root, file);
    for (const s of scanStrings(readFileSync(file, 'utf8'))) {
      if (s.parts.length === 1) {
        if (keySet.has(s.parts[0])) used.add(s.parts[0]);
        continue;
      }
      if (!featureNames.some((f) => s.parts[0].startsWith(`${f}.`))) continue;
      const shape = new RegExp(`^${s.parts.map(escape).join('.+')}$`);
      for (const k of allKeys) {
        if (shape.test(k)) {
          used.add(k);
          where.set(k, rel);
        }
      }
    }
  }
  return { used, where };
}

describe('message keys', () => {
  it('every messages/ file is in the typed dictionary, once', () => {
    expect(Object.keys(SHELL_FEATURES).filter((f) => f in PAGE_FEATURES)).toEqual([]);
    const files = readdirSync(messagesDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(files).toEqual([...featureNames].sort());
  });

  it('every key is used in src/ (directly or through a typed template literal)', () => {
    const { used } = usedKeys();
    const unused = allKeys.filter((k) => !used.has(k));
    expect(unused, 'unused message keys: delete them or use them').toEqual([]);
  });
});

describe('the string scanner', () => {
  it('finds plain literals and the shape of template literals, nested ones included', () => {
    const src = "i18n.t('a.b'); x = \"c.d\"; y = `run.state.${s}`; z = `e.${a ? `f.${b}` : 'g.h'}.do`; // 'not.this'\n/* 'nor.this' */ w = 'it''s'";
    const found = scanStrings(src).map((s) => s.parts.join('|'));
    expect(found).toEqual(expect.arrayContaining(['a.b', 'c.d', 'run.state.|', 'f.|', 'g.h', 'e.|.do']));
    expect(found).not.toContain('not.this');
    expect(found).not.toContain('nor.this');
  });

  it('does not let an apostrophe in markup text swallow the next line', () => {
    const src = "<p>don't worry</p>\n{i18n.t('a.b')}";
    expect(scanStrings(src).map((s) => s.parts.join('|'))).toContain('a.b');
  });
});
