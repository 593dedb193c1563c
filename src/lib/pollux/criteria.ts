import { renderRubrics } from './rubrics.ts';
import type { Rubrics } from './types.ts';

/**
 * `name.ru` of the two Critical criteria in metainfo/criteria.json (`narushenie_formata`,
 * `censor`), where 1 means failure. They are the only safe gates: some Task-specific binary
 * criteria use 1 = good, and gating on them would zero good answers.
 */
export const CRITICAL_CRITERIA_NAMES: readonly string[] = Object.freeze([
  'Есть ли критичное нарушение формата (чрезмерные зацикливания, сплошные артефакты, ответ на другом языке), которое не позволяет оценить ответ модели?',
  'Ответа нет, но есть заглушка цензора?',
]);

function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/**
 * A stable key for a criterion. Names repeat across domains and tasks with different scales,
 * so criteria are joined on (name, rubric); the rubric is rendered and whitespace-normalised so
 * a map and its dataset string, or CRLF and LF copies, give the same key.
 */
export function criterionKey(criteria_name: string, rubrics: Rubrics | null | undefined): string {
  return JSON.stringify([normaliseText(criteria_name), normaliseText(renderRubrics(rubrics))]);
}
