import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractScore, parseJudgeOutputFor } from '../../../src/lib/pollux/index.ts';
import type { JudgeOutputFormat, JudgeParse } from '../../../src/lib/pollux/index.ts';

/** Each NAME.txt (exact judge bytes) has a NAME.expected.json: a JudgeParse plus an optional format. */
const DIR = path.resolve(process.cwd(), 'test/fixtures/judge-outputs');
type Expected = JudgeParse & { format?: JudgeOutputFormat };

const names = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.slice(0, -'.txt'.length))
  .sort();

describe('golden judge outputs', () => {
  it('has fixtures, including the Prometheus #58 template echo', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(names).toContain('prometheus-58-template-echo');
  });

  for (const name of names) {
    it(name, () => {
      const text = readFileSync(path.join(DIR, `${name}.txt`), 'utf8');
      const { format = 'tagged', ...expected } = JSON.parse(
        readFileSync(path.join(DIR, `${name}.expected.json`), 'utf8'),
      ) as Expected;
      expect(parseJudgeOutputFor(format, text)).toEqual(expected);
    });
  }

  it('the #58 echo is read at its first block, as metrics.py reads it', () => {
    const text = readFileSync(path.join(DIR, 'prometheus-58-template-echo.txt'), 'utf8');
    // The quoted example's 2, not the final verdict's 0: POLLUX's extract_score takes the first match.
    expect(extractScore(text)).toBe(2);
  });
});
