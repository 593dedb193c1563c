import { NUMBER_SOURCE, PY_SPACE, parsePolluxNumber } from './number.ts';
import type { JudgeParse } from './types.ts';

/**
 * score_utils.py RESULT_SCORE_PATTERN (`\[RESULT\]\s*(NUMBER)\s*\[END\]`, IGNORECASE): a complete
 * block is required. `iu` gives Python's case-insensitive matching (Unicode simple case folding).
 */
const RESULT_BLOCK = new RegExp(String.raw`\[RESULT\]${PY_SPACE}*(${NUMBER_SOURCE})${PY_SPACE}*\[END\]`, 'iu');
const RESULT_TAG = /\[RESULT\]/giu;
const FEEDBACK_TAG = /\[FEEDBACK\]/giu;
const END_TAG = /\[END\]/iu;
const RESULT_TAG_LENGTH = '[RESULT]'.length;
const FEEDBACK_TAG_LENGTH = '[FEEDBACK]'.length;
/** Long enough to recognise what the judge wrote, short enough for a table cell. */
const QUOTE_LIMIT = 60;

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
 * Parses a tagged judge output (`[FEEDBACK] … [RESULT] x [END]`) exactly as POLLUX's
 * `extract_score` does (Python `re.search`): the FIRST complete numeric block wins, wherever it
 * is — also when the judge first echoes the format or an example (docs/POLLUX.md, "Parsing").
 * Runs, the Results page, metrics and exports all read scores through this one function. A
 * failure is a typed `unparsed` with the reason, never a 0.
 */
export function parseJudgeOutput(text: string): JudgeParse {
  if (text.trim() === '') return { kind: 'unparsed', reason: 'empty output' };
  const m = RESULT_BLOCK.exec(text);
  const score = m?.[1] === undefined ? null : parsePolluxNumber(m[1]);
  if (m === null || score === null) return { kind: 'unparsed', reason: diagnose(text) };
  return { kind: 'score', score, feedback: feedbackBefore(text, m.index) };
}

/** score_utils.py `extract_score`: the score of parseJudgeOutput, or null. */
export function extractScore(text: string): number | null {
  if (typeof text !== 'string') return null;
  const parsed = parseJudgeOutput(text);
  return parsed.kind === 'score' ? parsed.score : null;
}
