/**
 * The planner: what a run will cost before it starts — judgments, how many the cache already
 * has, how many prompts cannot fit the judge's context, estimated tokens and time at the
 * engine's measured speed, and the per-stratum counts.
 *
 * Token estimates (no tokenizer is loaded just to plan): length.ts, from characters-per-token
 * ratios measured with the Qwen BPE on Russian text (answers 2.55, rubrics 3.0 at the low end);
 * completion: COMPLETION_TOKENS per judgment (150 tagged, 400 for the bare-number judge, which
 * reasons first). Time: prompt tokens / prefill speed + completion tokens / decode speed, divided
 * by the concurrency when several judgments run at once (endpoints batch them; an optimistic bound).
 */
import { parseJudgeOutputFor } from '../pollux/index.ts';
import type { PolluxDB } from '../store/db.ts';
import { expandRun } from './expand.ts';
import { COMPLETION_TOKENS, fitsContext, promptTokenEstimate } from './length.ts';
import type { CreateRunInput, EngineSpeed, RunPlan } from './types.ts';

export { COMPLETION_TOKENS };

export function estimateSeconds(promptTokens: number, completionTokens: number, speed: EngineSpeed | undefined): number | null {
  if (!speed || !(speed.promptTokensPerS > 0) || !(speed.decodeTokensPerS > 0)) return null;
  const oneStream = promptTokens / speed.promptTokensPerS + completionTokens / speed.decodeTokensPerS;
  return oneStream / Math.max(1, speed.concurrency ?? 1);
}

export interface PlanOptions {
  speed?: EngineSpeed;
  /** The judge's context window (tokens), when known: prompts that cannot fit are counted apart. */
  contextWindow?: number;
}

export async function planRun(db: PolluxDB, input: CreateRunInput, opts: PlanOptions = {}): Promise<RunPlan> {
  const expanded = await expandRun(input);
  const format = input.settings.judge.outputFormat;
  const hits = await db.judgments.bulkGet(expanded.jobs.map((j) => j.cacheKey));
  const byId = new Map(expanded.instructions.map((i) => [i.row.prompt_id, i]));
  let cached = 0;
  let tooLong = 0;
  let longest = 0;
  let estPromptTokens = 0;
  let uncached = 0;
  expanded.jobs.forEach((job, i) => {
    const hit = hits[i];
    const inst = byId.get(job.prompt_id);
    const tokens = inst ? promptTokenEstimate(inst.row, inst.answer, job.criterionIndex) : 0;
    longest = Math.max(longest, tokens);
    // A cached unparsable (or cut) output still needs a retry, so it is not free.
    if (hit && hit.finish === undefined && parseJudgeOutputFor(format, hit.raw).kind === 'score') cached++;
    else if (!fitsContext(tokens, format, opts.contextWindow)) tooLong++;
    else {
      uncached++;
      estPromptTokens += tokens;
    }
  });
  const strata = new Map<string, { stratum: string; instructions: number; judgments: number }>();
  for (const inst of expanded.instructions) {
    const s = strata.get(inst.stratum) ?? { stratum: inst.stratum, instructions: 0, judgments: 0 };
    s.instructions++;
    s.judgments += inst.row.criteria.length;
    strata.set(inst.stratum, s);
  }
  const estCompletionTokens = uncached * COMPLETION_TOKENS[format];
  return {
    judgments: expanded.jobs.length,
    cached,
    tooLong,
    longestPromptTokens: longest,
    estPromptTokens,
    estCompletionTokens,
    estSeconds: estimateSeconds(estPromptTokens, estCompletionTokens, opts.speed),
    strata: [...strata.values()].sort((a, b) => a.stratum.localeCompare(b.stratum)),
  };
}
