/**
 * Answer generation with any JudgeEngine (web-llm in the browser or an OpenAI-compatible
 * endpoint), following POLLUX's answer.py: the raw instruction is the only user message, no
 * system prompt, `<think>` blocks stripped from the output, temperature and max tokens as given.
 *
 * One deliberate deviation: answer.py turns a request error into an empty answer, which would
 * then be judged as if the model had said nothing. Here an error is a per-item failure the UI
 * shows (and the item gets no answer), so a flaky endpoint can't silently lower a score.
 *
 * Runs up to `engine.maxConcurrency` requests at once, reports progress with an ETA, and stops
 * early on the signal (items not yet started are reported as not done). Unloading a web-llm
 * answering model before the judge loads is the caller's job (the engine outlives this call).
 */
import type { ChatMessage, GenerateRequest, JudgeEngine, Usage } from '../judge/engine.ts';
import { isEngineError } from '../judge/errors.ts';
import { stripThinkTags } from '../pollux/index.ts';
import { etaSeconds } from './eta.ts';

/** answer.py's defaults, and the README's example run. */
export const ANSWER_PY_DEFAULTS = { temperature: 0.7, maxTokens: 4096 } as const;
export const ANSWER_README_EXAMPLE = { temperature: 0.5, maxTokens: 1024 } as const;

export interface GenerateParams {
  temperature: number;
  maxTokens: number;
  /** top_p is sent explicitly so backend defaults never leak in; answer.py leaves it at 1. */
  topP?: number;
  seed?: number;
}

export type GeneratedItem =
  | { prompt_id: number; ok: true; answer: string; finishReason: string; usage: Usage }
  | { prompt_id: number; ok: false; code: string; message: string };

export interface GenerateProgress {
  done: number;
  failed: number;
  total: number;
  etaS: number | null;
}

export interface GenerateAnswersOptions {
  signal?: AbortSignal;
  onProgress?: (p: GenerateProgress) => void;
  onItem?: (item: GeneratedItem) => void;
  /** Injected clock (ms) so tests control the ETA. */
  now?: () => number;
}

export interface GenerateOutcome {
  items: GeneratedItem[];
  cancelled: boolean;
}

/** The request answer.py sends for one instruction. */
export function answerRequest(instruction: string, p: GenerateParams): GenerateRequest {
  const messages: ChatMessage[] = [{ role: 'user', content: instruction }];
  return {
    messages,
    sampling: {
      temperature: p.temperature,
      top_p: p.topP ?? 1,
      max_tokens: p.maxTokens,
      ...(p.seed === undefined ? {} : { seed: p.seed }),
    },
  };
}

export async function generateAnswers(
  engine: JudgeEngine,
  instructions: readonly { prompt_id: number; instruction: string }[],
  params: GenerateParams,
  opts: GenerateAnswersOptions = {},
): Promise<GenerateOutcome> {
  const now = opts.now ?? (() => Date.now());
  const started = now();
  const items: GeneratedItem[] = [];
  let next = 0;
  let failed = 0;
  const total = instructions.length;
  const report = (): void =>
    opts.onProgress?.({ done: items.length, failed, total, etaS: etaSeconds(items.length, total, (now() - started) / 1000) });

  const one = async (item: { prompt_id: number; instruction: string }): Promise<GeneratedItem> => {
    try {
      const res = await engine.generate(answerRequest(item.instruction, params), { signal: opts.signal });
      return { prompt_id: item.prompt_id, ok: true, answer: stripThinkTags(res.text), finishReason: res.finishReason, usage: res.usage };
    } catch (e) {
      if (isEngineError(e)) return { prompt_id: item.prompt_id, ok: false, code: e.code, message: e.message };
      return { prompt_id: item.prompt_id, ok: false, code: 'unknown', message: e instanceof Error ? e.message : String(e) };
    }
  };

  const worker = async (): Promise<void> => {
    while (next < instructions.length && !opts.signal?.aborted) {
      const item = instructions[next++];
      const result = await one(item);
      // An abort mid-request is not an answer and not a failure of the model: drop it.
      if (opts.signal?.aborted && !result.ok) break;
      if (!result.ok) failed++;
      items.push(result);
      opts.onItem?.(result);
      report();
    }
  };

  report();
  const lanes = Math.max(1, Math.min(engine.maxConcurrency, total));
  await Promise.all(Array.from({ length: lanes }, () => worker()));
  return { items, cancelled: opts.signal?.aborted === true };
}

