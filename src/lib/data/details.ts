/**
 * Groups one instruction's expert rows (read lazily) into the instruction page's shape: one
 * entry per reference model, each with its answer and every criterion's aggregate score and
 * expert votes. Pure.
 */
import type { DetailRow } from './decode.ts';
import type { InstructionDetails, ReferenceAnswer } from './types.ts';

export function groupDetails(prompt_id: number, rows: readonly DetailRow[], referenceAnswer?: string | null): InstructionDetails {
  const byModel = new Map<string, ReferenceAnswer>();
  for (const r of rows) {
    let a = byModel.get(r.model_id);
    if (!a) {
      a = { model_id: r.model_id, answer: r.answer, criteria: [] };
      byModel.set(r.model_id, a);
    }
    a.criteria.push({
      criteria_name: r.criteria_name,
      rubrics: r.rubrics,
      criteria_description: r.criteria_description,
      rubrics_example: r.rubrics_example,
      criteria_score: r.criteria_score,
      annotations: r.annotations,
    });
  }
  const ref = referenceAnswer ?? rows.find((r) => r.reference_answer !== '')?.reference_answer ?? '';
  return {
    prompt_id,
    reference_answer: ref,
    answers: [...byModel.values()].sort((a, b) => a.model_id.localeCompare(b.model_id)),
  };
}

export function isInstructionDetails(x: unknown): x is InstructionDetails {
  return typeof x === 'object' && x !== null && Array.isArray((x as { answers?: unknown }).answers) && typeof (x as { prompt_id?: unknown }).prompt_id === 'number';
}
