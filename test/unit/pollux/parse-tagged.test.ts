import { describe, it, expect } from 'vitest';
import { extractScore, parseJudgeOutput } from '../../../src/lib/pollux/index.ts';

describe('parseJudgeOutput', () => {
  it('reads score and feedback', () => {
    expect(parseJudgeOutput('[FEEDBACK] Хорошо. [RESULT] 2 [END]')).toEqual({ kind: 'score', score: 2, feedback: 'Хорошо.' });
  });

  it('accepts decimal point, decimal comma, leading dot and signs', () => {
    const score = (t: string): number | null => {
      const p = parseJudgeOutput(t);
      return p.kind === 'score' ? p.score : null;
    };
    expect(score('[RESULT] 1.5 [END]')).toBe(1.5);
    expect(score('[RESULT] 1,5 [END]')).toBe(1.5);
    expect(score('[RESULT] ,5 [END]')).toBe(0.5);
    expect(score('[RESULT] .5 [END]')).toBe(0.5);
    expect(score('[RESULT] -1 [END]')).toBe(-1);
    expect(score('[RESULT] +2 [END]')).toBe(2);
    expect(score('[RESULT]2[END]')).toBe(2);
    expect(score('[Result]\n 0 \n[End]')).toBe(0);
  });

  it('requires [END]: a truncated block is unparsed, never 0', () => {
    expect(parseJudgeOutput('[FEEDBACK] x [RESULT] 4')).toEqual({ kind: 'unparsed', reason: '[RESULT] without [END] (truncated?)' });
  });

  it('gives specific reasons', () => {
    expect(parseJudgeOutput('')).toEqual({ kind: 'unparsed', reason: 'empty output' });
    expect(parseJudgeOutput(' \n\t')).toEqual({ kind: 'unparsed', reason: 'empty output' });
    expect(parseJudgeOutput('[FEEDBACK] оценка 2')).toEqual({ kind: 'unparsed', reason: 'no [RESULT] block' });
    expect(parseJudgeOutput('[RESULT] abc [END]')).toEqual({ kind: 'unparsed', reason: 'non-numeric result: "abc"' });
    expect(parseJudgeOutput('[RESULT] 2. [END]')).toEqual({ kind: 'unparsed', reason: 'non-numeric result: "2."' });
    expect(parseJudgeOutput('[RESULT] [END]')).toEqual({ kind: 'unparsed', reason: 'non-numeric result: ""' });
  });

  it('uses the LAST complete block, and feedback from the [FEEDBACK] just before it', () => {
    const text = '[FEEDBACK] пример [RESULT] 2 [END]\n[FEEDBACK] настоящий [RESULT] 1 [END]';
    expect(parseJudgeOutput(text)).toEqual({ kind: 'score', score: 1, feedback: 'настоящий' });
    // A non-numeric echo after the verdict does not hide it.
    expect(parseJudgeOutput('[RESULT] 0 [END] формат: [RESULT] (число) [END]')).toEqual({ kind: 'score', score: 0, feedback: '' });
  });

  it('gives an empty feedback when there is no [FEEDBACK] tag', () => {
    expect(parseJudgeOutput('текст [RESULT] 1 [END]')).toEqual({ kind: 'score', score: 1, feedback: '' });
  });
});

describe('extractScore (POLLUX score_utils.extract_score)', () => {
  it('returns the number or null, never 0 for a failure', () => {
    expect(extractScore('[RESULT] 1,5 [END]')).toBe(1.5);
    expect(extractScore('[RESULT] 4')).toBeNull();
    expect(extractScore('')).toBeNull();
    expect(extractScore('[RESULT] abc [END]')).toBeNull();
  });

  it('takes the FIRST block like Python re.search (parseJudgeOutput takes the last)', () => {
    const text = '[RESULT] 2 [END] ... [RESULT] 1 [END]';
    expect(extractScore(text)).toBe(2);
    const parsed = parseJudgeOutput(text);
    expect(parsed.kind === 'score' && parsed.score).toBe(1);
  });
});
