import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countOutcomes, filterFromResultsQuery, filterJudgments, outcomeKind, resultsQueryFromFilter, type FilterContext } from '../../../src/lib/io/index.ts';
import type { JudgmentRow } from '../../../src/lib/run/types.ts';

const rows = JSON.parse(readFileSync(new URL('../../fixtures/io/judgments.input.json', import.meta.url), 'utf8')) as JudgmentRow[];
const ctx: FilterContext = {
  facetsOf: (id) => (id === 101 ? { task_type: 'Творчество', difficulty: 'Easy' } : { task_type: 'QA', difficulty: 'Hard' }),
  categoryOf: (name) => (name.startsWith('Критическая') ? 'Critical' : 'Fine-grained'),
};

describe('results filter', () => {
  it('classifies outcomes; an unparsed or failed judgment is never a score', () => {
    expect(rows.map(outcomeKind)).toEqual(['score', 'unparsed', 'failed', 'score', 'pending']);
    expect(countOutcomes(rows)).toEqual({ score: 2, unparsed: 1, failed: 1, pending: 1 });
  });

  it('filters by each URL field', () => {
    const ids = (q: Record<string, string>) => filterJudgments(rows, filterFromResultsQuery(q), ctx).map((r) => r.jobId);
    expect(ids({ prompt: '102' })).toEqual(['102|0', '102|1']);
    expect(ids({ criterion: 'Грамотность' })).toEqual(['102|0', '103|0']);
    expect(ids({ category: 'Critical' })).toEqual(['101|1']);
    expect(ids({ group: 'Творчество' })).toEqual(['101|0', '101|1']);
    expect(ids({ difficulty: 'Hard', outcome: 'failed' })).toEqual(['102|0']);
    expect(ids({ q: 'ПОВТОРОВ' })).toEqual(['101|0']);
    expect(ids({ outcome: 'bogus', prompt: 'x' })).toHaveLength(rows.length);
  });

  it('round-trips through the URL query', () => {
    const f = { prompt: 7, criterion: 'c', outcome: 'unparsed' as const, q: 'ё' };
    expect(filterFromResultsQuery(resultsQueryFromFilter(f) as Record<string, string>)).toMatchObject(f);
  });
});
