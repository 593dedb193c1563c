/**
 * The expert table as columns: five typed arrays plus three small string dictionaries, instead
 * of 161,076 objects. Structured-cloning the object array into the metrics worker cost ≈ 390 ms
 * per request; these columns clone as plain memory copies (≈ 4.5 MB, a few ms) and are sent to
 * the worker once per dataset (see worker-client.ts), then reused by every request.
 */
import type { ExpertScore } from '../data/types.ts';

export interface ExpertColumns {
  /** prompt_id per row (Float64: ids are arbitrary JS numbers, kept exactly). */
  promptId: Float64Array;
  score: Float64Array;
  /** Indexes into `models`, `criteria`, `rubrics`. */
  model: Uint32Array;
  criterion: Uint32Array;
  rubric: Uint32Array;
  models: string[];
  criteria: string[];
  rubrics: string[];
}

function dictionary(): { index: (s: string) => number; values: string[] } {
  const ids = new Map<string, number>();
  const values: string[] = [];
  return {
    values,
    index(s: string): number {
      let id = ids.get(s);
      if (id === undefined) {
        id = values.length;
        ids.set(s, id);
        values.push(s);
      }
      return id;
    },
  };
}

export function toExpertColumns(experts: readonly ExpertScore[]): ExpertColumns {
  const n = experts.length;
  const promptId = new Float64Array(n);
  const score = new Float64Array(n);
  const model = new Uint32Array(n);
  const criterion = new Uint32Array(n);
  const rubric = new Uint32Array(n);
  const m = dictionary();
  const c = dictionary();
  const r = dictionary();
  for (let i = 0; i < n; i++) {
    const e = experts[i];
    promptId[i] = e.prompt_id;
    score[i] = e.criteria_score;
    model[i] = m.index(e.model_id);
    criterion[i] = c.index(e.criteria_name);
    rubric[i] = r.index(e.rubrics);
  }
  return { promptId, score, model, criterion, rubric, models: m.values, criteria: c.values, rubrics: r.values };
}

/** Throws a RangeError naming the first column or row whose length or code is wrong. */
export function checkExpertColumns(cols: ExpertColumns): void {
  const n = cols.promptId.length;
  for (const [name, col, dict] of [
    ['model', cols.model, cols.models],
    ['criterion', cols.criterion, cols.criteria],
    ['rubric', cols.rubric, cols.rubrics],
  ] as const) {
    if (col.length !== n || cols.score.length !== n) throw new RangeError(`expert columns: ${name} has ${col.length} rows, expected ${n}`);
    for (let i = 0; i < n; i++) if (col[i] >= dict.length) throw new RangeError(`expert columns: row ${i} has ${name} #${col[i]} of ${dict.length}`);
  }
}

/**
 * Back to rows, in the original order (the metrics' sums depend on row order only through
 * floating-point rounding, but identical order keeps every number bit-identical). Strings come
 * from the dictionaries, so 161k rows share ~200 string instances.
 */
export function fromExpertColumns(cols: ExpertColumns): ExpertScore[] {
  checkExpertColumns(cols);
  const n = cols.promptId.length;
  const out: ExpertScore[] = new Array<ExpertScore>(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      prompt_id: cols.promptId[i],
      model_id: cols.models[cols.model[i]],
      criteria_name: cols.criteria[cols.criterion[i]],
      rubrics: cols.rubrics[cols.rubric[i]],
      criteria_score: cols.score[i],
    };
  }
  return out;
}
