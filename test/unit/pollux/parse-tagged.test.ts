import { describe, it, expect } from 'vitest';
import { extractScore, parseJudgeOutput } from '../../../src/lib/pollux/index.ts';

/** The parsed score, or null when unparsed. */
function score(text: string): number | null {
  const p = parseJudgeOutput(text);
  return p.kind === 'score' ? p.score : null;
}

describe('parseJudgeOutput', () => {
  it('reads score and feedback', () => {
    expect(parseJudgeOutput('[FEEDBACK] Хорошо. [RESULT] 2 [END]')).toEqual({ kind: 'score', score: 2, feedback: 'Хорошо.' });
  });

  it('accepts decimal point, decimal comma, leading dot and signs', () => {
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

  it('uses the FIRST complete numeric block (Python re.search), and feedback from the [FEEDBACK] just before it', () => {
    const text = '[FEEDBACK] первый [RESULT] 2 [END]\n[FEEDBACK] второй [RESULT] 1 [END]';
    expect(parseJudgeOutput(text)).toEqual({ kind: 'score', score: 2, feedback: 'первый' });
    // A non-numeric block before the verdict is skipped, as the regex search skips it.
    expect(parseJudgeOutput('формат: [RESULT] (число) [END] [FEEDBACK] ок [RESULT] 0 [END]')).toEqual({ kind: 'score', score: 0, feedback: 'ок' });
  });

  it("reads numbers as Python's float() after POLLUX's regex: any Unicode decimal digits, Python's whitespace", () => {
    expect(score('[RESULT] ２ [END]')).toBe(2);
    expect(score('[RESULT] ٢ [END]')).toBe(2);
    expect(score('[RESULT] १,५ [END]')).toBe(1.5);
    expect(score('[RESULT] 1٢ [END]')).toBe(12);
    expect(score('[RESULT]\u3000𝟐\u3000[END]')).toBe(2);
    expect(score('[RESULT]\x1c1\x85[END]')).toBe(1);
    // Python's \s has no U+FEFF; its IGNORECASE folds ſ to s.
    expect(score('[RESULT]\ufeff1[END]')).toBeNull();
    expect(score('[reſult] 1 [END]')).toBe(1);
    // The regex never lets exponents, underscores, inf or nan through to float().
    for (const t of ['1e1', '1_0', 'inf', 'nan', '٫5']) expect(score(`[RESULT] ${t} [END]`)).toBeNull();
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

  it('takes the first block, as parseJudgeOutput does', () => {
    const text = '[RESULT] 2 [END] ... [RESULT] 1 [END]';
    expect(extractScore(text)).toBe(2);
    const parsed = parseJudgeOutput(text);
    expect(parsed.kind === 'score' && parsed.score).toBe(2);
  });
});
