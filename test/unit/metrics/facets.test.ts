import { describe, expect, it } from 'vitest';
import { computeReport, facetsOf, type InstructionFacets } from '../../../src/lib/metrics/index.ts';
import { INSTRUCTIONS, SCORES } from './fixtures/small-run.ts';

describe('facetsOf', () => {
  it('keeps only what the metrics read, shares the criteria array, and leaves absent fields absent', () => {
    const full = { prompt_id: 7, meta: 'QA', difficulty: 'Easy', instruction: 'длинный текст', reference_answer: 'эталон', criteria: [{ criteria_name: 'c', rubrics: 'r' }] };
    const f = facetsOf(full);
    expect(f).toEqual({ prompt_id: 7, meta: 'QA', difficulty: 'Easy', criteria: full.criteria });
    expect(f.criteria).toBe(full.criteria);
    expect('domain' in f).toBe(false);
  });

  it('gives the same report as the full instruction objects', () => {
    const scoreOf = (id: number, name: string): number => {
      for (const s of SCORES) {
        const r = /\[RESULT\]\s*(\S+)\s*\[END\]/.exec(s.response);
        if (r && s.meta.prompt_id === id && s.meta.criteria_name === name) return Number(r[1]);
      }
      return 0;
    };
    const judgments = INSTRUCTIONS.flatMap((i) =>
      i.criteria.map((c) => ({ prompt_id: i.prompt_id, criteria_name: c.criteria_name, rubrics: c.rubrics, status: 'done' as const, outcome: { kind: 'score' as const, score: scoreOf(i.prompt_id, c.criteria_name), feedback: '' } })),
    );
    const input = (instructions: InstructionFacets[]) => ({ settings: { gate: 'official' as const, resamples: 50, seed: 3 }, instructions, run: { id: 'r', label: 'r', judgments }, categories: [] });
    expect(computeReport(input(INSTRUCTIONS.map(facetsOf)), null)).toEqual(computeReport(input(INSTRUCTIONS), null));
  });
});
