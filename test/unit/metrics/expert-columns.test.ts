import { describe, expect, it } from 'vitest';
import { computeReport, ExpertStore, fromExpertColumns, runTask, toExpertColumns, type CategoryEntry, type MetricsTask } from '../../../src/lib/metrics/index.ts';
import type { ExpertScore } from '../../../src/lib/data/types.ts';
import { A, B, INSTRUCTIONS, K, R01, R2, T } from './fixtures/small-run.ts';

const categories: CategoryEntry[] = [
  [A, R2, 'General'],
  [B, R2, 'Subjective'],
  [K, R01, 'Critical'],
  [T, R01, 'Task-specific'],
];

const experts: ExpertScore[] = [
  { prompt_id: 1, model_id: 'gpt4', criteria_name: A, rubrics: R2, criteria_score: 2 },
  { prompt_id: 1, model_id: 'gpt4', criteria_name: K, rubrics: R01, criteria_score: 0 },
  { prompt_id: 2, model_id: 'tpro', criteria_name: A, rubrics: R2, criteria_score: 0.5 },
  { prompt_id: 2, model_id: 'tpro', criteria_name: K, rubrics: R01, criteria_score: 0.5 },
  { prompt_id: 3, model_id: 'gpt4', criteria_name: B, rubrics: R2, criteria_score: 1.5 },
  { prompt_id: 3, model_id: 'tpro', criteria_name: B, rubrics: R2, criteria_score: 1 },
];

describe('expert columns', () => {
  it('round-trips rows exactly, in order, with shared dictionaries', () => {
    const cols = toExpertColumns(experts);
    expect(cols.models).toEqual(['gpt4', 'tpro']);
    expect(cols.criteria).toEqual([A, K, B]);
    expect(cols.rubrics).toEqual([R2, R01]);
    expect(fromExpertColumns(structuredClone(cols))).toEqual(experts);
    expect(fromExpertColumns(toExpertColumns([]))).toEqual([]);
  });

  it('rejects columns whose codes point past a dictionary, naming the row', () => {
    const cols = toExpertColumns(experts);
    cols.criterion[4] = 9;
    expect(() => fromExpertColumns(cols)).toThrow(/row 4 has criterion #9 of 3/);
    const short = toExpertColumns(experts);
    short.model = short.model.subarray(0, 2);
    expect(() => fromExpertColumns(short)).toThrow(/model has 2 rows, expected 6/);
  });
});

describe('ExpertStore', () => {
  const settings = { gate: 'official' as const, resamples: 100, seed: 3 };
  const task: MetricsTask = { type: 'report', input: { settings, instructions: INSTRUCTIONS, categories, experts: [], run: null } };

  it('fills a task with the stored table: the same report as sending the rows with the task', () => {
    const store = new ExpertStore();
    store.put('ds\u00006', toExpertColumns(experts));
    const viaStore = runTask(store.resolve(task, 'ds\u00006'));
    const direct = computeReport({ settings, instructions: INSTRUCTIONS, categories, experts, run: null });
    expect(viaStore).toEqual({ type: 'report', result: direct });
    expect(direct.systems.map((s) => s.id)).toEqual(['ref:gpt4', 'ref:tpro']);
  });

  it('leaves a task without a key alone and refuses a key it does not hold', () => {
    const store = new ExpertStore();
    expect(store.resolve(task, undefined)).toBe(task);
    expect(() => store.resolve(task, 'other')).toThrow(/"other" was not received/);
    store.putRows('k', experts);
    const resolved = store.resolve({ type: 'compare', input: { settings, instructions: INSTRUCTIONS, categories, experts: [], a: { kind: 'reference', modelId: 'gpt4' }, b: { kind: 'reference', modelId: 'tpro' } } }, 'k');
    expect(resolved.type === 'compare' && resolved.input.experts).toBe(experts);
  });
});
