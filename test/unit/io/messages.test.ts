import { describe, expect, it } from 'vitest';
import evaluate from '../../../src/lib/i18n/messages/evaluate.ts';
import results from '../../../src/lib/i18n/messages/results.ts';
import type { ImportIssueCode } from '../../../src/lib/io/index.ts';

// Every code the importers can produce; the Record type makes the compiler flag a new code
// that is missing here, and the test then flags a missing translation.
const CODES: Record<ImportIssueCode, true> = {
  'too-large': true,
  'empty-file': true,
  'not-utf8': true,
  'json-syntax': true,
  'csv-syntax': true,
  'csv-header': true,
  'wrong-shape': true,
  'wrong-type': true,
  'missing-field': true,
  'bad-prompt-id': true,
  'unknown-prompt-id': true,
  'duplicate-prompt-id': true,
  'empty-answers': true,
  'scores-not-list': true,
  'scores-entry': true,
  'scores-empty': true,
  'scores-unknown-prompt': true,
  'scores-duplicate': true,
  'outside-selection': true,
  'missing-answers': true,
  'no-model': true,
  'mixed-models': true,
  'too-many-issues': true,
};

describe('evaluate/results messages', () => {
  it('have the same keys in Russian and English, none empty', () => {
    for (const m of [evaluate, results]) {
      expect(Object.keys(m.ru).sort()).toEqual(Object.keys(m.en).sort());
      for (const v of [...Object.values(m.en), ...Object.values(m.ru)]) expect(v.trim()).not.toBe('');
    }
  });

  it('translate every import issue code, with the same placeholders in both languages', () => {
    for (const code of Object.keys(CODES)) {
      const en = evaluate.en[`issue.code.${code}` as keyof typeof evaluate.en];
      const ru = evaluate.ru[`issue.code.${code}` as keyof typeof evaluate.ru];
      expect(en, code).toBeTruthy();
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      expect(params(ru), code).toEqual(params(en));
    }
  });
});
