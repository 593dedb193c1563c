import { splitThink } from './think.ts';
import type { JudgeParse } from './types.ts';

/** The 4B judge's intended output: just the number (decimals tolerated, as in the demo parser). */
const WHOLE_SCORE = /^\s*([+-]?\d+(?:[.,]\d+)?)\s*$/;
/**
 * Fallback: a signed integer ending the text ("Оценка: 2"). It must not continue a number or a
 * word, so "2.5" never yields 5 and "1-2" never yields -2.
 */
const TRAILING_INTEGER = /(?:^|[^\p{L}\p{N}.,+-])([+-]?\d+)\s*$/u;
const QUOTE_LIMIT = 60;

/**
 * Parses a bare-number judge output (Pollux-4B-Judge). Reasoning inside `<think>` is removed
 * before reading the number and returned as the feedback, since it is the only rationale.
 */
export function parseBareScore(text: string): JudgeParse {
  const { visible, thoughts } = splitThink(text);
  if (visible === '') {
    return { kind: 'unparsed', reason: thoughts === '' ? 'empty output' : 'only <think> content, no score' };
  }
  const m = WHOLE_SCORE.exec(visible) ?? TRAILING_INTEGER.exec(visible);
  const digits = m?.[1];
  if (digits === undefined) {
    const short = visible.length > QUOTE_LIMIT ? `…${visible.slice(-QUOTE_LIMIT)}` : visible;
    return { kind: 'unparsed', reason: `no trailing number: ${JSON.stringify(short)}` };
  }
  const score = Number(digits.replace(',', '.'));
  if (!Number.isFinite(score)) return { kind: 'unparsed', reason: `non-numeric result: ${JSON.stringify(digits)}` };
  return { kind: 'score', score, feedback: thoughts };
}
