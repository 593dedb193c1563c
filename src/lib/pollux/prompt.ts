import { formatPython } from './py-format.ts';
import { renderRubrics } from './rubrics.ts';
import { POLLUX_PROMPT_TEMPLATE } from './template.ts';
import type { JudgeItem } from './types.ts';

/**
 * The judge's single user message, byte-identical to score.py's `template.format(**sample)`.
 * A missing or empty reference keeps its section header with empty content (score.py's
 * `row.get("reference_answer") or ""`), which is also how the judge was trained.
 */
export function buildJudgePrompt(item: JudgeItem): string {
  return formatPython(POLLUX_PROMPT_TEMPLATE, {
    instruction: item.instruction,
    reference_answer: item.reference_answer || '',
    answer: item.answer,
    criteria_name: item.criteria_name,
    rubrics: renderRubrics(item.rubrics),
  });
}
