/**
 * The one "this estimate is from a sample" rule (src/lib/run/sample-note.ts), shown by both the
 * Results and the Metrics page; and createRun recording a planner sample's population, without
 * which neither page could name it.
 */
import { describe, expect, it } from 'vitest';
import { createRun, sampleNote, settledInstructions, type JudgmentRow } from '../../../src/lib/run/index.ts';
import { freshDB, makeInput, makeInstructions, makeSettings } from './fixtures.ts';

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

describe('sample note', () => {
  it('counts instructions whose every criterion has settled', () => {
    const rows = [row(1, 'done'), row(1, 'failed'), row(2, 'done'), row(2, 'pending'), row(3, 'unparsed'), row(4, 'running')];
    expect(settledInstructions(rows)).toBe(2);
  });

  it('says nothing for a run whose estimate covers every chosen instruction', () => {
    expect(sampleNote({ settings: settings(), instructions: 4, judged: 4 })).toBeNull();
    expect(sampleNote({ settings: settings({ sampledFrom: 4 }), instructions: 4, judged: 4 })).toBeNull();
    expect(sampleNote({ settings: settings({ precisionStop: 0.05 }), instructions: 4, judged: 4 })).toBeNull();
    // Nothing judged yet: no estimate to qualify.
    expect(sampleNote({ settings: settings(), instructions: 4, judged: 0 })).toBeNull();
  });

  it('names a planner sample with the instructions it was drawn from', () => {
    expect(sampleNote({ settings: settings({ sampledFrom: 10 }), instructions: 4, judged: 4 })).toEqual({ kind: 'planner', n: 4, of: 10 });
    expect(sampleNote({ settings: settings({ sampledFrom: 10 }), instructions: 4, judged: 2 })).toEqual({ kind: 'planner', n: 4, of: 10 });
  });

  it('names a precision stop, reached or not, with the instructions behind the estimate', () => {
    expect(sampleNote({ settings: settings({ precisionStop: 0.05 }), instructions: 4, judged: 2 })).toEqual({ kind: 'precision', n: 2, of: 4, target: 0.05 });
    expect(sampleNote({ settings: settings({ precisionStop: 0.05 }), stoppedBy: 'precision', instructions: 4, judged: 3 })).toEqual({
      kind: 'precision-reached',
      n: 3,
      of: 4,
      target: 0.05,
    });
  });

  it('names a run judged on part of its instructions for any other reason', () => {
    expect(sampleNote({ settings: settings(), instructions: 6, judged: 4 })).toEqual({ kind: 'partial', n: 4, of: 6 });
  });
});

describe('createRun and a planner sample', () => {
  it('stores how many instructions with answers were chosen before sampling', async () => {
    const db = freshDB();
    const rows = makeInstructions(6, 2);
    // Instruction 6 has no answer: it was never a candidate for the sample.
    const input = makeInput(rows, { sampleIds: [1, 3] });
    input.answers = input.answers.filter((a) => a.prompt_id !== 6);
    const run = await db.runs.get(await createRun(db, input));
    expect(run?.settings.sampledFrom).toBe(5);
    expect(sampleNote({ settings: run!.settings, instructions: 2, judged: 2 })).toEqual({ kind: 'planner', n: 2, of: 5 });
  });

  it('records no sample when the sample kept every instruction, or there was none', async () => {
    const db = freshDB();
    const rows = makeInstructions(3, 2);
    const all = await db.runs.get(await createRun(db, makeInput(rows, { sampleIds: [1, 2, 3] })));
    expect(all?.settings.sampledFrom).toBeUndefined();
    const none = await db.runs.get(await createRun(db, makeInput(rows)));
    expect(none?.settings.sampledFrom).toBeUndefined();
  });
});
