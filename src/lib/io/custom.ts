/**
 * POLLUX's "custom criteria" mode: the user's own instructions, each with criteria made of a
 * name and a rubric of numbered levels. Drafts are checked with the same scale parser metrics.py
 * uses, so a rubric that would make every score "out of scale" is caught before the run.
 * Custom items get generated prompt_ids far above the dataset's (which are < 10^5) so they never
 * collide with real ones in caches, exports or merged bundles.
 */
import { parseScaleBounds, parseScaleLevels } from '../pollux/index.ts';
import type { InstructionRow } from '../pollux/types.ts';

export const CUSTOM_ID_BASE = 900_000_000;

export interface CustomCriterionDraft {
  name: string;
  rubrics: string;
}
export interface CustomInstructionDraft {
  instruction: string;
  reference_answer: string;
  criteria: CustomCriterionDraft[];
}

export type CriterionCheck =
  | { ok: true; min: number; max: number; levels: number[] | null }
  | { ok: false; problem: 'no-name' | 'no-scale' | 'flat-scale' };

export function checkCriterion(c: CustomCriterionDraft): CriterionCheck {
  if (c.name.trim() === '') return { ok: false, problem: 'no-name' };
  const bounds = parseScaleBounds(c.rubrics);
  if (bounds === null) return { ok: false, problem: 'no-scale' };
  if (bounds[0] === bounds[1]) return { ok: false, problem: 'flat-scale' };
  return { ok: true, min: bounds[0], max: bounds[1], levels: parseScaleLevels(c.rubrics) };
}

export function customPromptId(index: number): number {
  return CUSTOM_ID_BASE + index + 1;
}

export type CustomBuild =
  | { ok: true; rows: InstructionRow[] }
  | { ok: false; problems: { item: number; criterion?: number; problem: string }[] };

export function buildCustomInstructions(drafts: readonly CustomInstructionDraft[]): CustomBuild {
  const problems: { item: number; criterion?: number; problem: string }[] = [];
  drafts.forEach((d, i) => {
    if (d.instruction.trim() === '') problems.push({ item: i, problem: 'no-instruction' });
    if (d.criteria.length === 0) problems.push({ item: i, problem: 'no-criteria' });
    d.criteria.forEach((c, k) => {
      const check = checkCriterion(c);
      if (!check.ok) problems.push({ item: i, criterion: k, problem: check.problem });
    });
  });
  if (drafts.length === 0) problems.push({ item: -1, problem: 'no-items' });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    rows: drafts.map((d, i) => ({
      prompt_id: customPromptId(i),
      instruction: d.instruction,
      reference_answer: d.reference_answer,
      meta: 'Custom',
      task_type: 'Custom',
      difficulty: '',
      criteria: d.criteria.map((c) => ({ criteria_name: c.name.trim(), rubrics: c.rubrics })),
    })),
  };
}
