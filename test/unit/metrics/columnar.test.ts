import { describe, expect, it } from 'vitest';
import { computeReport, toExpertColumns } from '../../../src/lib/metrics/index.ts';
import { fixture, run } from './fixtures/random-table.ts';

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
