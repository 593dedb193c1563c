/**
 * The planner: what a run will cost before it starts — judgments, how many the cache already
 * has, estimated tokens and time at the engine's measured speed, and the per-stratum counts.
 *
 * Token estimates (no tokenizer is loaded just to plan):
 * - Prompt: characters / CHARS_PER_TOKEN. Qwen2.5-family tokenizers (pollux-judge-7b is
 *   T-lite / Qwen2.5) encode Russian prose at roughly 3–3.5 characters per token and markdown or
 *   code at about 3.5–4; 3.0 is deliberately on the low side, so time is over- rather than
 *   under-estimated.
 * - Completion: a tagged judge writes `[FEEDBACK] <a few Russian sentences> [RESULT] n [END]`,
 *   about 150 tokens (COMPLETION_TOKENS.tagged); the bare-number 4B judge reasons in <think>
 *   first, about 400 tokens (COMPLETION_TOKENS['bare-number']).
 * - Time: prompt tokens / prefill speed + completion tokens / decode speed, divided by the
 *   concurrency when several judgments run at once (endpoints batch them; an optimistic bound).
 */
import type { OutputFormat } from '../judge/engine.ts';
import { parseJudgeOutputFor } from '../pollux/index.ts';
import type { PolluxDB } from '../store/db.ts';
import { expandRun } from './expand.ts';
import type { CreateRunInput, EngineSpeed, RunPlan } from './types.ts';

export const CHARS_PER_TOKEN = 3.0;
export const COMPLETION_TOKENS: Record<OutputFormat, number> = { tagged: 150, 'bare-number': 400 };

export function estimateTokens(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

export function estimateSeconds(promptTokens: number, completionTokens: number, speed: EngineSpeed | undefined): number | null {
  if (!speed || !(speed.promptTokensPerS > 0) || !(speed.decodeTokensPerS > 0)) return null;
  const oneStream = promptTokens / speed.promptTokensPerS + completionTokens / speed.decodeTokensPerS;
  return oneStream / Math.max(1, speed.concurrency ?? 1);
}

export async function planRun(db: PolluxDB, input: CreateRunInput, speed?: EngineSpeed): Promise<RunPlan> {
  const expanded = await expandRun(input);
  const format = input.settings.judge.outputFormat;
  const hits = await db.judgments.bulkGet(expanded.jobs.map((j) => j.cacheKey));
  let cached = 0;
  let promptChars = 0;
  let uncached = 0;
  expanded.jobs.forEach((job, i) => {
    const hit = hits[i];
    // A cached unparsable output still needs a retry, so it is not free.
    if (hit && parseJudgeOutputFor(format, hit.raw).kind === 'score') cached++;
    else {
      uncached++;
      promptChars += job.prompt.length;
    }
  });
  const strata = new Map<string, { stratum: string; instructions: number; judgments: number }>();
  for (const inst of expanded.instructions) {
    const s = strata.get(inst.stratum) ?? { stratum: inst.stratum, instructions: 0, judgments: 0 };
    s.instructions++;
    s.judgments += inst.row.criteria.length;
    strata.set(inst.stratum, s);
  }
  const estPromptTokens = estimateTokens(promptChars);
  const estCompletionTokens = uncached * COMPLETION_TOKENS[format];
  return {
    judgments: expanded.jobs.length,
    cached,
    estPromptTokens,
    estCompletionTokens,
    estSeconds: estimateSeconds(estPromptTokens, estCompletionTokens, speed),
    strata: [...strata.values()].sort((a, b) => a.stratum.localeCompare(b.stratum)),
  };
}
