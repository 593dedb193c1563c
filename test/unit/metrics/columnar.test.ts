import { describe, expect, it } from 'vitest';
import { CRITICAL_CRITERIA_NAMES } from '../../../src/lib/pollux/index.ts';
import { computeReport, toExpertColumns, type CategoryEntry, type InstructionFacets, type RunJudgment } from '../../../src/lib/metrics/index.ts';
import { mulberry32 } from '../../../src/lib/stats/index.ts';
import type { ExpertScore } from '../../../src/lib/data/types.ts';

const R2 = '0: плохо\n\n1: средне\n\n2: хорошо';
const R01 = '0: нет\n\n1: да';
const R3 = '1: мало\n\n2: средне\n\n3: много';
const FREE = 'оцените свободно';

/**
 * A randomised table with everything the columnar path must get right: fractional expert means
 * (thirds: sums that round), failed gates, out-of-scale and non-finite scores, an unscaled
 * rubric, a criterion with both a binary and a 0–2 rubric, unknown prompts, integer-like meta
 * keys (object key order), missing facets, duplicated rows, rows not grouped by prompt, a model
 * whose rows are all out of scale, and uneven per-model coverage.
 */
function fixture(seed: number) {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const metas = ['QA', '12', 'Creative', 'ИИ как персонаж', '3'];
  const crits: [string, string, string | null][] = [
    [CRITICAL_CRITERIA_NAMES[0], R01, 'Critical'],
    ['Грамотность', R2, 'General'],
    ['Ценность', R2, 'Subjective'],
    ['Стиль', R3, 'Domain-specific'],
    ['Формат', R01, 'Task-specific'],
    ['Формат', R2, 'Task-specific'],
    ['Свободная', FREE, null],
  ];
  const instructions: InstructionFacets[] = [];
  for (let p = 1; p <= 60; p++) {
    instructions.push({
      prompt_id: p * 3,
      meta: pick(metas),
      difficulty: rnd() < 0.1 ? undefined : pick(['Easy', 'Medium', 'Hard']),
      task_type: pick(['Проза', 'Вопросы', 'Код', '10']),
      domain: rnd() < 0.1 ? undefined : pick(['Общее', 'Научный']),
      criteria: crits.map(([criteria_name, rubrics]) => ({ criteria_name, rubrics })),
    });
  }
  const categories: CategoryEntry[] = crits.filter((c) => c[2] !== null).map(([n, r, c]) => [n, r, c ?? '']);
  const experts: ExpertScore[] = [];
  const models = ['m2', 'gpt', 'a-model', 'broken'];
  for (const ins of [...instructions, { prompt_id: 999 } as InstructionFacets]) {
    for (const model_id of models) {
      if (model_id !== 'broken' && rnd() < 0.1) continue; // uneven coverage
      for (const [criteria_name, rubrics] of crits) {
        if (rnd() < 0.1 || (model_id === 'broken' && rubrics === FREE)) continue;
        let score: number;
        if (model_id === 'broken') score = 7;
        else if (rubrics === R01) score = rnd() < 0.9 ? 0 : pick([1, 0.5, 1 / 3]);
        else if (rubrics === FREE) score = rnd() * 10 - 2;
        else if (rubrics === R3) score = pick([1, 2, 3, 4 / 3, 5 / 3, 0, 3.5]); // 0 and 3.5: out of scale
        else score = pick([0, 1, 2, 1 / 3, 2 / 3, 4 / 3, 5 / 3, 0.5, 1.5, NaN]);
        const row = { prompt_id: ins.prompt_id, model_id, criteria_name, rubrics, criteria_score: score };
        experts.push(row);
        if (rnd() < 0.02) experts.push({ ...row }); // duplicated row
      }
    }
  }
  // Rows not grouped by prompt: move a few to the end.
  for (let i = 0; i < 20; i++) experts.push(...experts.splice(Math.floor(rnd() * experts.length), 1));
  return { instructions, categories, experts, models };
}

function run(instructions: InstructionFacets[], seed: number): { id: string; label: string; judgments: RunJudgment[] } {
  const rnd = mulberry32(seed + 100);
  const judgments: RunJudgment[] = [];
  for (const ins of instructions.slice(0, 40)) {
    for (const c of ins.criteria) {
      if (rnd() < 0.2) continue;
      const score = c.rubrics === R01 ? (rnd() < 0.9 ? 0 : 1) : Math.floor(rnd() * 3);
      judgments.push({
        prompt_id: ins.prompt_id,
        criteria_name: c.criteria_name,
        rubrics: c.rubrics,
        status: 'done',
        outcome: rnd() < 0.05 ? { kind: 'unparsed', reason: 'no score' } : { kind: 'score', score, feedback: '' },
      } as RunJudgment);
    }
  }
  return { id: 'run', label: 'my model', judgments };
}

describe('computeReport from expert columns', () => {
  for (const seed of [1, 2, 3]) {
    for (const gate of ['official', 'critical-only'] as const) {
      it(`gives exactly the object path's report (seed ${seed}, ${gate}, with and without a run)`, () => {
        const { instructions, categories, experts } = fixture(seed);
        const settings = { gate, resamples: 200, seed: 7 };
        for (const r of [null, run(instructions, seed)]) {
          const base = { settings, instructions, run: r, categories };
          const objects = computeReport({ ...base, experts });
          const columns = computeReport({ ...base, experts: [], expertColumns: toExpertColumns(experts) });
          expect(columns).toEqual(objects);
          // toEqual ignores key order; exports and share links do not.
          expect(JSON.stringify(columns)).toBe(JSON.stringify(objects));
          const refs = objects.systems.filter((s) => s.kind === 'reference');
          expect(refs.map((s) => s.id)).toEqual(['ref:a-model', 'ref:broken', 'ref:gpt', 'ref:m2']);
          expect(refs[1].coverage.outOfScale).toBe(refs[1].coverage.total);
          expect(refs.some((s) => s.coverage.gatedInstructions > 0)).toBe(true);
          expect(refs[0].overall?.ci).not.toBeNull();
        }
      });
    }
  }

  it('is the same without resamples, and for an empty table', () => {
    const { instructions, categories, experts } = fixture(4);
    const settings = { gate: 'official' as const, resamples: 0, seed: 1 };
    const base = { settings, instructions, run: null, categories };
    expect(computeReport({ ...base, experts: [], expertColumns: toExpertColumns(experts) })).toEqual(computeReport({ ...base, experts }));
    expect(computeReport({ ...base, experts: [], expertColumns: toExpertColumns([]) })).toEqual(computeReport({ ...base, experts: [] }));
  });
});
