import { describe, expect, it } from 'vitest';
import { sampleNote, settledInstructions } from '../../../src/views/results/sample-note.ts';
import type { JudgmentRow, RunProgress } from '../../../src/lib/run/types.ts';
import { makeSettings } from '../run/fixtures.ts';

const row = (prompt_id: number, status: JudgmentRow['status']): JudgmentRow => ({
  runId: 'r',
  jobId: `${prompt_id}|${Math.random()}`,
  prompt_id,
  criteria_name: 'c',
  rubrics: '0: no\n\n1: yes',
  raw: '',
  status,
  outcome: null,
  cached: false,
  attempts: 0,
  prompt: '',
});
const settings = makeSettings;
const progress = (extra: Partial<RunProgress>): RunProgress => ({ total: 6, done: 4, unparsed: 0, failed: 0, pending: 2, cached: 0, etaS: null, tokensPerS: null, state: 'done', ...extra });

describe('sample note', () => {
  const rows = [row(1, 'done'), row(1, 'failed'), row(2, 'done'), row(2, 'pending'), row(3, 'unparsed'), row(4, 'running')];

  it('counts instructions whose every criterion has settled', () => {
    expect(settledInstructions(rows)).toBe(2);
  });

  it('says nothing for a run over every chosen instruction', () => {
    expect(sampleNote(settings(), progress({}), rows, 4)).toBeNull();
    expect(sampleNote(settings({ sampledFrom: 4 }), progress({}), rows, 4)).toBeNull();
  });

  it('names a planner sample with its population', () => {
    expect(sampleNote(settings({ sampledFrom: 10 }), progress({}), rows, 4)).toEqual({ kind: 'planner', n: 4, of: 10 });
  });

  it('names a precision stop, reached or not, with the instructions behind the estimate', () => {
    expect(sampleNote(settings({ precisionStop: 0.05 }), progress({ state: 'running' }), rows, 4)).toEqual({ kind: 'precision', n: 2, of: 4, target: 0.05 });
    const reached = progress({ stoppedBy: 'precision', estimate: { mean: 0.6, halfWidth: 0.05, instructions: 3 } });
    expect(sampleNote(settings({ precisionStop: 0.05 }), reached, rows, 4)).toEqual({ kind: 'precision-reached', n: 3, of: 4, target: 0.05 });
  });
});
