/**
 * Every system of a report (a run in any state, reference models restricted to the run's
 * instructions) against the oracle written with the core library's metrics.py functions, one
 * object per row: the matrix, mean_over_* and grand mean (key order included, as exports and
 * share links keep it), every breakdown's means, counts and instruction counts, and coverage.
 */
import { describe, expect, it } from 'vitest';
import { categoryLookup, computeReport, toScoreTable, type Dimension, type RunJudgment, DIMENSIONS } from '../../../src/lib/metrics/index.ts';
import type { ExpertScore } from '../../../src/lib/data/types.ts';
import { aggregateMetrics, breakdown, scoredRows, type RawScore } from '../../oracles/metrics.ts';
import { fixture, mixedRun, run } from './fixtures/random-table.ts';

const fromExperts = (experts: ExpertScore[], model: string, scope: Set<number> | null): RawScore[] =>
  experts.filter((e) => e.model_id === model && (scope === null || scope.has(e.prompt_id))).map((e) => ({ ...e, score: e.criteria_score }));
const fromRun = (judgments: RunJudgment[]): RawScore[] =>
  judgments.flatMap((j) => (j.outcome?.kind === 'score' && j.status !== 'pending' && j.status !== 'running' ? [{ ...j, rubrics: j.rubrics ?? null, score: j.outcome.score }] : []));

describe('computeReport against the metrics.py oracle', () => {
  for (const seed of [1, 2, 3]) {
    for (const gate of ['official', 'critical-only'] as const) {
      it(`seed ${seed}, ${gate}: no run, a run, a run in every state`, () => {
        const { instructions, categories, experts } = fixture(seed);
        const byId = new Map(instructions.map((i) => [i.prompt_id, i]));
        const categoryOf = categoryLookup(categories);
        for (const r of [null, run(instructions, seed), mixedRun(instructions, seed)]) {
          const report = computeReport({ settings: { gate, resamples: 50, seed: 7 }, instructions, run: r, categories }, toScoreTable(experts));
          const runRows = r ? scoredRows(fromRun(r.judgments), byId, gate) : null;
          const scope = runRows ? new Set(runRows.map((x) => x.prompt_id)) : null;
          for (const system of report.systems) {
            const rows = system.kind === 'run' ? (runRows ?? []) : scoredRows(fromExperts(experts, system.label, scope), byId, gate);
            const expected = aggregateMetrics(rows);
            expect(JSON.stringify({ ...system.pollux, dropped: undefined, unknown_prompt: undefined })).toBe(JSON.stringify(expected));
            const cat = (x: (typeof rows)[number]) => categoryOf(x.criteria_name, x.rubrics) ?? '';
            for (const dim of DIMENSIONS as readonly Dimension[]) {
              expect(system.breakdowns[dim].map(({ ci: _ci, ...e }) => e)).toEqual(breakdown(rows, byId, dim, cat));
            }
            const [overall = null] = breakdown(rows, byId, 'overall', cat);
            expect(system.overall === null ? null : { ...system.overall, ci: undefined }).toEqual(overall === null ? null : { ...overall, ci: undefined });
            expect(system.coverage.judged).toBe(rows.length);
            expect(system.coverage.gatedInstructions).toBe(new Set(rows.filter((x) => x.gated).map((x) => x.prompt_id)).size);
            // Intervals: per criterion only for the run.
            expect(system.breakdowns.criterion.some((e) => e.ci !== null)).toBe(system.kind === 'run' && rows.length > 0);
          }
          expect(report.systems.filter((s) => s.kind === 'reference').map((s) => s.id)).toEqual(['ref:a-model', 'ref:broken', 'ref:gpt', 'ref:m2'].filter((id) => report.systems.some((s) => s.id === id)));
        }
      });
    }
  }

  it('gives nulls without resamples, and an empty report for an empty table', () => {
    const { instructions, categories, experts } = fixture(4);
    const base = { settings: { gate: 'official' as const, resamples: 0, seed: 1 }, instructions, run: null, categories };
    const report = computeReport(base, toScoreTable(experts));
    expect(report.systems.length).toBe(4);
    expect(report.systems.every((s) => (s.overall?.ci ?? null) === null)).toBe(true);
    expect(report.systems.filter((s) => s.overall !== null).length).toBe(3);
    expect(computeReport(base, toScoreTable([])).systems).toEqual([]);
    expect(computeReport(base, null).systems).toEqual([]);
  });
});
