/**
 * The shared scenario vocabulary of the scripted judges used in tests: the OpenAI-compatible
 * mock server (test/servers/openai-mock.mjs, scenario = the request's `model`) and the
 * in-process ScriptedEngine (test/support/scripted-engine.ts) both produce their replies here,
 * so a unit test, an e2e test and a run test all see the same deterministic judgments.
 *
 * Plain ESM JavaScript so node (the server) and TypeScript (vitest, Playwright) both import
 * it; the types live in scenarios.d.mts.
 *
 * Scenarios (model names):
 *   pollux-judge-7b, scripted-valid   valid POLLUX judgment `[FEEDBACK] … [RESULT] n [END]`; n is a
 *                                     level of the prompt's own rubric, picked from a hash of
 *                                     (answer text + criterion name) — same input, same score;
 *                                     a 0/1 (gate) rubric gets 1 for one input in eight
 *   scripted-malformed                always misses `[END]` (unparsable by the official parser)
 *   scripted-flaky                    malformed on the first request for a given prompt, valid after
 *   scripted-greedy                   like a real judge at temperature 0 on an input it cannot
 *                                     format: free decoding at temperature 0 is always malformed
 *                                     (greedy decoding ignores the seed, so shifting it changes
 *                                     nothing); a constrained request, or temperature > 0, is valid
 *   scripted-cut                      the stream stops after a few tokens and ends cleanly, with
 *                                     no finish reason (a proxy closing it early)
 *   scripted-drop                     the connection is destroyed in the middle of the stream
 *   scripted-slow                     valid, streamed one token every ~150 ms
 *   scripted-bare, pollux-4b-judge    bare integer (Pollux-4B-Judge format), sometimes after a <think> block
 *   scripted-hostile                  valid judgment whose feedback is hostile markdown (test/support/hostile.mjs)
 *   scripted-error                    HTTP 500
 *   scripted-hang                     never answers (timeout tests)
 *   scripted-401                      HTTP 401
 *   scripted-429                      HTTP 429
 *   scripted-nonjson                  HTTP 200 with an HTML body (malformed reply)
 *   scripted-no-choices               HTTP 200 JSON without `choices` (malformed reply)
 *   any other model name              HTTP 404 "model does not exist", as vLLM answers
 */

import { hostileMarkdown } from './hostile.mjs';

/** Every model name the mock server lists in GET /v1/models. */
export const SCENARIO_MODELS = [
  'pollux-judge-7b',
  'pollux-4b-judge',
  'scripted-valid',
  'scripted-malformed',
  'scripted-flaky',
  'scripted-greedy',
  'scripted-cut',
  'scripted-drop',
  'scripted-slow',
  'scripted-bare',
  'scripted-error',
  'scripted-hang',
  'scripted-401',
  'scripted-429',
  'scripted-nonjson',
  'scripted-no-choices',
  'scripted-hostile',
];

/** Delay between streamed tokens of the slow scenario. */
export const SLOW_TOKEN_MS = 150;

/** 32-bit FNV-1a over UTF-16 code units, as 8 hex digits. Stable across node and browsers. */
export function hashText(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const SECTION = /^### (.+?):\s*$/gm;

/**
 * Splits a POLLUX judge prompt into its sections (by the `### Header:` lines). Unknown text
 * yields empty sections; callers fall back to sensible defaults.
 */
export function parsePolluxPrompt(prompt) {
  const sections = {};
  const heads = [...prompt.matchAll(SECTION)];
  heads.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length + 1;
    const end = i + 1 < heads.length ? (heads[i + 1].index ?? prompt.length) : prompt.length;
    sections[m[1]] = prompt.slice(start, end).replace(/\n+$/, '');
  });
  const rubric = sections['Шкала оценивания по критерию'] ?? '';
  const levels = [];
  for (const line of rubric.split('\n')) {
    const lm = /^\s*([+-]?\d+(?:[.,]\d+)?)\s*:/.exec(line);
    if (lm) levels.push(Number(lm[1].replace(',', '.')));
  }
  return {
    instruction: sections['Задание для оценки'] ?? '',
    answer: sections['Ответ для оценки'] ?? prompt,
    criterion: sections['Критерий оценки'] ?? '',
    levels: levels.length > 0 ? levels : [0, 1, 2],
  };
}

/** The deterministic score a scripted judge gives this prompt. */
export function scriptedScore(prompt) {
  const p = parsePolluxPrompt(prompt);
  const h = parseInt(hashText(p.answer + '\u0000' + p.criterion), 16);
  // A 0/1 rubric in POLLUX is a gate (1 = critical failure): like a real judge on real answers,
  // fail it rarely (1 in 8), so runs judged by the mock don't come out almost entirely gated.
  if (p.levels.length === 2 && p.levels[0] === 0 && p.levels[1] === 1) return h % 8 === 0 ? 1 : 0;
  return p.levels[h % p.levels.length];
}

function rationale(prompt, score) {
  const p = parsePolluxPrompt(prompt);
  const name = p.criterion === '' ? 'критерий' : `«${p.criterion}»`;
  return `Ответ оценён по критерию ${name}: выставлена оценка ${score} согласно шкале.`;
}

/** A valid tagged POLLUX judgment. */
export function validJudgment(prompt) {
  const s = scriptedScore(prompt);
  return `[FEEDBACK] ${rationale(prompt, s)} [RESULT] ${s} [END]`;
}

/** Always unparsable: the `[END]` tag is missing, as in a truncated generation. */
export function malformedJudgment(prompt) {
  const s = scriptedScore(prompt);
  return `[FEEDBACK] ${rationale(prompt, s)} [RESULT] ${s}`;
}

/** Pollux-4B-Judge format: only the number, after a <think> block for half of the prompts. */
export function bareJudgment(prompt) {
  const s = scriptedScore(prompt);
  const withThink = parseInt(hashText(prompt), 16) % 2 === 0;
  return withThink ? `<think>\n${rationale(prompt, s)}\n</think>\n\n${s}` : String(s);
}

/**
 * The reply text of a text-producing scenario, or null for scenarios that fail instead.
 * `seenBefore` is how many earlier requests carried the same prompt (for 'scripted-flaky');
 * `varied` says the request was constrained or sampled above temperature 0 (for 'scripted-greedy').
 * A constrained request always gets a well-formed judgment: that is what the constraint enforces.
 */
export function scenarioText(model, prompt, seenBefore, varied = false, constrained = false) {
  if (constrained && scenarioText(model, prompt, 0) !== null) {
    return model === 'scripted-bare' || model === 'pollux-4b-judge' ? String(scriptedScore(prompt)) : validJudgment(prompt);
  }
  switch (model) {
    case 'pollux-judge-7b':
    case 'scripted-valid':
    case 'scripted-slow':
    case 'scripted-cut':
    case 'scripted-drop':
      return validJudgment(prompt);
    case 'scripted-greedy':
      return varied ? validJudgment(prompt) : malformedJudgment(prompt);
    case 'scripted-malformed':
      return malformedJudgment(prompt);
    case 'scripted-flaky':
      return seenBefore === 0 ? malformedJudgment(prompt) : validJudgment(prompt);
    case 'scripted-bare':
    case 'pollux-4b-judge':
      return bareJudgment(prompt);
    case 'scripted-hostile':
      return `[FEEDBACK] ${hostileMarkdown('judge')} [RESULT] ${scriptedScore(prompt)} [END]`;
    default:
      return null;
  }
}

/** Splits text into stream tokens (a word with its trailing space), so deltas concatenate back exactly. */
export function tokenize(text) {
  return text.match(/\s*\S+\s*/g) ?? (text === '' ? [] : [text]);
}

/** Rough prompt-token count (the mock has no tokenizer): about 4 characters per token. */
export function estimateTokens(text) {
  return Math.max(1, Math.ceil(text.length / 4));
}
