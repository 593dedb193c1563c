import { describe, expect, it } from 'vitest';
import { answersJson, importAnswers, scanJson, type AnswerScope, type ImportResult } from '../../../src/lib/io/index.ts';
import { mulberry32 } from '../../../src/lib/stats/prng.ts';

/** The project's seeded PRNG, so every failure is reproducible from its case number. */
const prng = mulberry32;

const scope: AnswerScope = { known: new Set([1, 2, 3, 4]), chosen: new Set([1, 2, 3]) };
const enc = new TextEncoder();
const ALPHABET = ['{', '}', '[', ']', '"', ',', ':', '\n', '\r', '\\', ' ', 'a', 'я', '1', '-', '.', 'e', 'null', 'true', 'prompt_id', 'answer', 'model', ';', '\t', '\u0000', '😀'];

const valid = {
  json: answersJson('m', [
    { prompt_id: 1, answer: 'Ответ, с "кавычками"\nи строками' },
    { prompt_id: 2, answer: 'b' },
  ]),
  jsonl: '{"prompt_id": 1, "answer": "a", "model": "m"}\n{"prompt_id": 2, "answer": "б\\nв"}\n',
  csv: 'prompt_id,answer\n1,"a\nb, c"\n2,"say ""x"""\n',
};
const names = ['a.json', 'a.jsonl', 'a.csv', 'noext'];

function isResult(r: ImportResult): boolean {
  if (r.ok) return Array.isArray(r.answers) && Array.isArray(r.warnings);
  return r.errors.length > 0 && r.errors.every((e) => typeof e.message === 'string' && typeof e.code === 'string');
}

describe('importer fuzz (seeded)', () => {
  it('never throws on random token soup, random bytes or truncated/mutated valid files', () => {
    const rand = prng(20250611);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    let oks = 0;
    for (let n = 0; n < 3000; n++) {
      let bytes: Uint8Array;
      const mode = n % 4;
      if (mode === 0) {
        bytes = enc.encode(Array.from({ length: Math.floor(rand() * 60) }, () => pick(ALPHABET)).join(''));
      } else if (mode === 1) {
        bytes = Uint8Array.from({ length: Math.floor(rand() * 80) }, () => Math.floor(rand() * 256));
      } else {
        const src = enc.encode(pick(Object.values(valid)));
        const cut = Math.floor(rand() * (src.length + 1));
        bytes = src.slice(0, cut);
        if (mode === 3 && bytes.length > 0) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      }
      let r: ImportResult;
      try {
        r = importAnswers(bytes, pick(names), scope);
      } catch (e) {
        throw new Error(`case ${n} threw: ${String(e)}`, { cause: e });
      }
      expect(isResult(r), `case ${n}`).toBe(true);
      if (r.ok) oks++;
    }
    // The generator must reach both outcomes, or the test proves nothing.
    expect(oks).toBeGreaterThan(10);
  });

  it('the JSON scanner agrees with JSON.parse on what is valid', () => {
    const rand = prng(7);
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: Math.floor(rand() * 12) }, () => ALPHABET[Math.floor(rand() * 20)]).join('');
      let native = true;
      try {
        JSON.parse(text);
      } catch {
        native = false;
      }
      expect(scanJson(text).ok, JSON.stringify(text)).toBe(native);
    }
  });

  it('survives pathological nesting without a stack overflow', () => {
    const r = importAnswers(enc.encode('['.repeat(100_000)), 'a.json', scope);
    expect(r.ok).toBe(false);
  });
});
