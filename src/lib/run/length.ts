/**
 * Prompt length in tokens without a tokenizer, from ratios measured with the Qwen BPE (the
 * tokenizer of both POLLUX judges) on Russian POLLUX text: answers and instructions encode at
 * 2.55–2.6 characters per token, criteria and rubrics at 3.0–3.45. The low end of each range is
 * used, so a prompt is over- rather than under-estimated: the length check then refuses a prompt
 * only when it surely cannot fit, and the planner's time is a little pessimistic. Pure.
 *
 * (The exact count would need the model's tokenizer in the page — web-llm's tokenizers wasm,
 * several MB — for a check that the ratios already make safe; it is not loaded for this.)
 */
import type { OutputFormat } from '../judge/engine.ts';
import { buildJudgePrompt, renderRubrics } from '../pollux/index.ts';
import type { InstructionRow } from '../pollux/types.ts';

/** Characters per token of Russian prose (answers, instructions, references), measured low end. */
export const PROSE_CHARS_PER_TOKEN = 2.55;
/** Characters per token of criteria, rubrics and the template's own text, measured low end. */
export const RUBRIC_CHARS_PER_TOKEN = 3.0;
/** Tokens the chat template adds around the user message (`<|im_start|>user\n … <|im_end|>\n<|im_start|>assistant\n`). */
export const CHAT_OVERHEAD_TOKENS = 12;
/** Output tokens a judgment typically takes: `[FEEDBACK] <a few sentences> [RESULT] n [END]`; the 4B judge reasons first. */
export const COMPLETION_TOKENS: Record<OutputFormat, number> = { tagged: 150, 'bare-number': 400 };

let templateChars: number | null = null;
/** Characters of the POLLUX template itself (headers and instructions around the fields). */
function templateLength(): number {
  templateChars ??= buildJudgePrompt({ instruction: '', reference_answer: '', answer: '', criteria_name: '', rubrics: '' }).length;
  return templateChars;
}

export function proseTokens(chars: number): number {
  return chars / PROSE_CHARS_PER_TOKEN;
}

/** Estimated prompt tokens of criterion `ci` of `row` judged with `answer`. */
export function promptTokenEstimate(row: InstructionRow, answer: string, ci: number): number {
  const c = row.criteria[ci];
  const prose = row.instruction.length + (row.reference_answer ?? '').length + answer.length;
  const rubric = (c?.criteria_name.length ?? 0) + renderRubrics(c?.rubrics).length + templateLength();
  return Math.ceil(prose / PROSE_CHARS_PER_TOKEN + rubric / RUBRIC_CHARS_PER_TOKEN) + CHAT_OVERHEAD_TOKENS;
}

/**
 * Whether a prompt of `promptTokens` leaves room for the judgment in `contextWindow`: the
 * typical output twice over (a long feedback still fits). Unknown window: assume it fits.
 */
export function fitsContext(promptTokens: number, format: OutputFormat, contextWindow: number | undefined): boolean {
  if (contextWindow === undefined) return true;
  return promptTokens + 2 * COMPLETION_TOKENS[format] <= contextWindow;
}

export function tooLongMessage(promptTokens: number, contextWindow: number): string {
  return (
    `The prompt is about ${promptTokens} tokens and cannot fit the judge's ${contextWindow}-token context with room for the judgment. ` +
    'Choose a larger context size for the judge on the Models page (16k or 32k), or judge through an endpoint with a longer context.'
  );
}
