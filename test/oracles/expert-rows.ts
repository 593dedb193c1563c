/**
 * The expert table back as one object per row, in table order: what tests compare tables by.
 * The app never needs the rows (the metrics read the columns), so this lives with the oracles.
 */
import type { ExpertScore } from '../../src/lib/data/types.ts';
import type { ExpertTable } from '../../src/lib/data/expert-table.ts';

/** Back to rows, in table order; the strings are the dictionaries' (161k rows share ~200 strings). */
export function expertScoresOf(t: ExpertTable): ExpertScore[] {
  const n = t.promptId.length;
  const out = new Array<ExpertScore>(n);
  for (let i = 0; i < n; i++) {
    out[i] = { prompt_id: t.promptId[i], model_id: t.models[t.model[i]], criteria_name: t.criteria[t.criterion[i]], rubrics: t.rubrics[t.rubric[i]], criteria_score: t.score[i] };
  }
  return out;
}
