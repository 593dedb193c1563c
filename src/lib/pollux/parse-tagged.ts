import { NUMBER_SOURCE, parsePolluxNumber } from './number.ts';
import type { JudgeParse } from './types.ts';

/** Gen-2 current parser (utils/score_utils.py RESULT_SCORE_PATTERN): a complete block is required. */
const RESULT_BLOCK_SOURCE = String.raw`\[RESULT\]\s*(${NUMBER_SOURCE})\s*\[END\]`;
const FIRST_RESULT_BLOCK = new RegExp(RESULT_BLOCK_SOURCE, 'i');
const ALL_RESULT_BLOCKS = new RegExp(RESULT_BLOCK_SOURCE, 'gi');
const RESULT_TAG = /\[RESULT\]/gi;
const FEEDBACK_TAG = /\[FEEDBACK\]/gi;
const END_TAG = /\[END\]/i;
const RESULT_TAG_LENGTH = '[RESULT]'.length;
const FEEDBACK_TAG_LENGTH = '[FEEDBACK]'.length;
/** Long enough to recognise what the judge wrote, short enough for a table cell. */
const QUOTE_LIMIT = 60;

/**
 * Exactly POLLUX's `extract_score`: the FIRST complete `[RESULT] x [END]` block, or null.
 * Kept first-match on purpose so numbers agree with metrics.py; parseJudgeOutput (last block)
 * differs only when an output holds several numeric blocks.
 */
export function extractScore(text: string): number | null {
  if (typeof text !== 'string') return null;
  const m = FIRST_RESULT_BLOCK.exec(text);
  return m && m[1] !== undefined ? parsePolluxNumber(m[1]) : null;
}

function lastIndexOf(text: string, tag: RegExp): number {
  let index = -1;
  for (const m of text.matchAll(tag)) index = m.index;
  return index;
}

/** Rationale: from the last `[FEEDBACK]` before the chosen `[RESULT]` up to it, trimmed. */
function feedbackBefore(text: string, resultIndex: number): string {
  const head = text.slice(0, resultIndex);
  const start = lastIndexOf(head, FEEDBACK_TAG);
  return start < 0 ? '' : head.slice(start + FEEDBACK_TAG_LENGTH).trim();
}

function quote(text: string): string {
  const short = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
  return JSON.stringify(short);
}

/** Why no block parsed, specific enough to tell truncation from a format error. */
function diagnose(text: string): string {
  const lastResult = lastIndexOf(text, RESULT_TAG);
  if (lastResult < 0) return 'no [RESULT] block';
  const after = text.slice(lastResult + RESULT_TAG_LENGTH);
  const end = after.search(END_TAG);
  if (end < 0) return '[RESULT] without [END] (truncated?)';
  return `non-numeric result: ${quote(after.slice(0, end).trim())}`;
}

/**
 * Parses a tagged judge output (`[FEEDBACK] … [RESULT] x [END]`). The LAST complete block wins,
 * so an output that first echoes the prompt's format or an example (Prometheus issue #58) is
 * still read at its real verdict. A failure is a typed `unparsed`, never a 0.
 */
export function parseJudgeOutput(text: string): JudgeParse {
  if (text.trim() === '') return { kind: 'unparsed', reason: 'empty output' };
  let chosen: RegExpExecArray | null = null;
  for (const m of text.matchAll(ALL_RESULT_BLOCKS)) chosen = m;
  if (chosen === null || chosen[1] === undefined) return { kind: 'unparsed', reason: diagnose(text) };
  const score = parsePolluxNumber(chosen[1]);
  if (score === null) return { kind: 'unparsed', reason: `non-numeric result: ${quote(chosen[1])}` };
  return { kind: 'score', score, feedback: feedbackBefore(text, chosen.index) };
}
