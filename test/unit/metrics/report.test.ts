import { describe, expect, it } from 'vitest';
import { computeReport, toScoreTable } from '../../../src/lib/metrics/index.ts';
import type { ExpertScore } from '../../../src/lib/data/types.ts';
import type { CategoryEntry } from '../../../src/lib/metrics/index.ts';
import { A, B, INSTRUCTIONS, K, R01, R2, T, runJudgments } from './fixtures/small-run.ts';

const categories: CategoryEntry[] = [
  [A, R2, 'General'],
  [B, R2, 'Subjective'],
  [K, R01, 'Critical'],
  [T, R01, 'Task-specific'],
];

const ex = (prompt_id: number, model_id: string, criteria_name: string, rubrics: string, criteria_score: number): ExpertScore => ({
  prompt_id,
  model_id,
  criteria_name,
  rubrics,
  criteria_score,
});

const experts: ExpertScore[] = [
  ex(1, 'gpt4', A, R2, 2),
  ex(1, 'gpt4', K, R01, 0),
  ex(2, 'gpt4', A, R2, 2),
  ex(3, 'gpt4', A, R2, 1.5),
  ex(3, 'gpt4', B, R2, 2),
  ex(1, 'tpro', A, R2, 1),
  ex(2, 'tpro', A, R2, 0),
  ex(2, 'tpro', K, R01, 0.5), // one expert of two flagged a critical failure → gates prompt 2
  ex(3, 'tpro', B, R2, 1),
  ex(77, 'tpro', A, R2, 2), // an instruction the run did not cover → excluded
];

const settings = { gate: 'official' as const, resamples: 200, seed: 1 };

describe('computeReport', () => {
  const report = computeReport({
    settings,
    instructions: INSTRUCTIONS,
    run: { id: 'run-1', label: 'my model', judgments: runJudgments() },
    categories,
  }, toScoreTable(experts));
  const run = report.systems[0];

  it('puts the run first with metrics.py numbers and an overall interval', () => {
    expect(run.kind).toBe('run');
    expect(run.pollux.grand_mean).toBe(3.5 / 6);
    expect(run.overall?.mean).toBe(3.5 / 6);
    expect(run.overall?.n).toBe(6);
    expect(run.overall?.instructions).toBe(5);
    const ci = run.overall?.ci;
    expect(ci && ci.lo <= 3.5 / 6 && ci.hi >= 3.5 / 6).toBe(true);
    expect(run.coverage).toMatchObject({ unparsed: 1, outOfScale: 1, gatedInstructions: 2 });
  });

  it('breaks down by difficulty, task group, category, domain, meta and criterion with counts', () => {
    const byDiff = Object.fromEntries(run.breakdowns.difficulty.map((e) => [e.key, e]));
    // Easy: P1 A 1.0, P3 A 0.5, P3 B 1.0 → 2.5/3; Hard: P2 A .5, P6 A .5; Medium: P4 B gated 0.
    expect(byDiff.Easy.mean).toBeCloseTo(2.5 / 3, 12);
    expect(byDiff.Easy).toMatchObject({ n: 3, instructions: 2 });
    expect(byDiff.Hard.mean).toBe(0.5);
    expect(byDiff.Medium).toMatchObject({ mean: 0, n: 1, instructions: 1, ci: { lo: 0, hi: 0 } });
    // Categories: binary-only categories (Critical, Task-specific) are absent, not NaN.
    expect(run.breakdowns.category.map((e) => e.key)).toEqual(['General', 'Subjective']);
    expect(run.breakdowns.criterion.find((e) => e.key === K)?.mean).toBe(0);
    expect(run.breakdowns.task_type.map((e) => e.key)).toEqual(['Вопросы', 'Проза']);
    for (const list of Object.values(run.breakdowns)) for (const e of list) expect(Number.isNaN(e.mean)).toBe(false);
  });

  it('scores reference models on the same instructions with the same gate and ranks all', () => {
    const gpt4 = report.systems.find((s) => s.id === 'ref:gpt4');
    const tpro = report.systems.find((s) => s.id === 'ref:tpro');
    // gpt4: A 1, 1, .75, B 1 → 3.75 / 4
    expect(gpt4?.overall?.mean).toBeCloseTo(3.75 / 4, 12);
    // tpro: P2 gated by the 0.5 critical mean → A(P1) .5, A(P2) 0, B(P3) .5 → 1/3; prompt 77 excluded.
    expect(tpro?.overall?.mean).toBeCloseTo(1 / 3, 12);
    expect(tpro?.coverage.gatedInstructions).toBe(1);
    expect(tpro?.coverage.total).toBe(4);
    expect(report.ranking.map((r) => [r.id, r.rank])).toEqual([
      ['ref:gpt4', 1],
      ['run-1', 2],
      ['ref:tpro', 3],
    ]);
  });

  it('without a run, reports every reference model on all its instructions', () => {
    const refs = computeReport({ settings, instructions: INSTRUCTIONS, run: null, categories }, toScoreTable(experts));
    expect(refs.systems.map((s) => s.id)).toEqual(['ref:gpt4', 'ref:tpro']);
    expect(refs.systems[1].coverage.total).toBe(4); // 77 is not a known instruction
  });

  it('is deterministic for the same seed', () => {
    const again = computeReport({ settings, instructions: INSTRUCTIONS, run: { id: 'run-1', label: 'my model', judgments: runJudgments() }, categories }, toScoreTable(experts));
    expect(again).toEqual(report);
  });
});
