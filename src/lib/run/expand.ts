/**
 * Expansion of a run's input into its jobs: one per (instruction with an answer, criterion),
 * each with the exact POLLUX prompt and its cache key, in the random stratified order. Used by
 * createRun, the planner and the bundle importer (which recomputes keys to check them), so all
 * three agree on what a job is.
 */
import { buildJudgePrompt } from '../pollux/index.ts';
import type { InstructionRow, Rubrics } from '../pollux/types.ts';
import { attemptKey } from './cache-key.ts';
import { attemptRequest, firstAttemptMode } from './attempts.ts';
import { defaultStratum, stratifiedOrder } from './stratify.ts';
import type { CreateRunInput } from './types.ts';
import type { RunSettings } from '../store/run-records.ts';

export interface ExpandedJob {
  jobId: string;
  prompt_id: number;
  criterionIndex: number;
  criteria_name: string;
  rubrics: Rubrics;
  order: number;
  prompt: string;
  cacheKey: string;
}

export interface ExpandedInstruction {
  row: InstructionRow;
  answer: string;
  stratum: string;
}

export interface ExpandedRun {
  instructions: ExpandedInstruction[];
  jobs: ExpandedJob[];
  /** Chosen instructions without an answer: they get no jobs. */
  skippedNoAnswer: number[];
}

export function jobIdOf(prompt_id: number, criterionIndex: number): string {
  return `${prompt_id}|${criterionIndex}`;
}

/** The exact text the judge sees for criterion `criterionIndex` of `row` with `answer`. */
export function judgePromptFor(row: InstructionRow, answer: string, criterionIndex: number): string {
  const c = row.criteria[criterionIndex];
  return buildJudgePrompt({
    instruction: row.instruction,
    reference_answer: row.reference_answer,
    answer,
    criteria_name: c.criteria_name,
    rubrics: c.rubrics,
  });
}

/** Cache key of the first attempt of a prompt under a run's settings (free decoding, unless every attempt is constrained). */
export function firstAttemptKey(settings: RunSettings, prompt: string, rubrics: Rubrics | null | undefined): Promise<string> {
  const req = attemptRequest(settings, rubrics, 0, firstAttemptMode(settings), 0);
  return attemptKey(settings, prompt, req.sampling, req.constraint);
}

type ExpandInput = Pick<CreateRunInput, 'settings' | 'instructions' | 'answers' | 'sampleIds' | 'strata'>;

export async function expandRun(input: ExpandInput): Promise<ExpandedRun> {
  const answers = new Map<number, string>();
  for (const a of input.answers) if (!answers.has(a.prompt_id)) answers.set(a.prompt_id, a.answer);
  const sample = input.sampleIds ? new Set(input.sampleIds) : null;
  const seen = new Set<number>();
  const chosen: ExpandedInstruction[] = [];
  const skippedNoAnswer: number[] = [];
  for (const row of input.instructions) {
    if (seen.has(row.prompt_id) || (sample && !sample.has(row.prompt_id))) continue;
    seen.add(row.prompt_id);
    const answer = answers.get(row.prompt_id);
    if (answer === undefined) {
      skippedNoAnswer.push(row.prompt_id);
      continue;
    }
    chosen.push({ row, answer, stratum: input.strata?.[row.prompt_id] ?? defaultStratum(row) });
  }
  // Whole instructions are ordered, so a run stopped early has all criteria of the instructions
  // it reached: POLLUX's gates and per-instruction metrics need them together.
  const ordered = stratifiedOrder(chosen, (i) => i.stratum, input.settings.orderSeed);
  const jobs: ExpandedJob[] = [];
  for (const inst of ordered) {
    inst.row.criteria.forEach((c, criterionIndex) => {
      jobs.push({
        jobId: jobIdOf(inst.row.prompt_id, criterionIndex),
        prompt_id: inst.row.prompt_id,
        criterionIndex,
        criteria_name: c.criteria_name,
        rubrics: c.rubrics,
        order: jobs.length,
        prompt: judgePromptFor(inst.row, inst.answer, criterionIndex),
        cacheKey: '',
      });
    });
  }
  const keys = await Promise.all(jobs.map((j) => firstAttemptKey(input.settings, j.prompt, j.rubrics)));
  jobs.forEach((j, i) => (j.cacheKey = keys[i]));
  return { instructions: ordered, jobs, skippedNoAnswer };
}
