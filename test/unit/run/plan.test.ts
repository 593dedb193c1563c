import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../support/scripted-engine.ts';
import {
  COMPLETION_TOKENS,
  promptTokenEstimate,
  createMemoryLocks,
  createRun,
  estimateSeconds,
  expandRun,
  planRun,
  RunRunner,
  stratifiedSample,
  defaultStratum,
} from '../../../src/lib/run/index.ts';
import { freshDB, makeInput, makeInstructions, makeSettings } from './fixtures.ts';

describe('planRun', () => {
  it('counts judgments, estimates tokens and time from the measured speed', async () => {
    const db = freshDB();
    const input = makeInput(makeInstructions(10, 4));
    const expanded = await expandRun(input);
    const byId = new Map(expanded.instructions.map((i) => [i.row.prompt_id, i]));
    const tokens = expanded.jobs.reduce((s, j) => s + promptTokenEstimate(byId.get(j.prompt_id)!.row, byId.get(j.prompt_id)!.answer, j.criterionIndex), 0);
    const plan = await planRun(db, input, { speed: { promptTokensPerS: 1000, decodeTokensPerS: 20 } });
    expect(plan.judgments).toBe(40);
    expect(plan.cached).toBe(0);
    expect(plan.tooLong).toBe(0);
    expect(plan.estPromptTokens).toBe(tokens);
    expect(plan.estCompletionTokens).toBe(40 * COMPLETION_TOKENS.tagged);
    expect(plan.estSeconds).toBeCloseTo(plan.estPromptTokens / 1000 + (40 * 150) / 20, 6);
    expect(plan.strata.reduce((s, x) => s + x.judgments, 0)).toBe(40);
    expect(plan.strata.reduce((s, x) => s + x.instructions, 0)).toBe(10);
  });

  it('has no time without a speed, and divides by concurrency', async () => {
    const db = freshDB();
    const input = makeInput(makeInstructions(3, 2));
    expect((await planRun(db, input)).estSeconds).toBeNull();
    expect(estimateSeconds(1000, 100, { promptTokensPerS: 1000, decodeTokensPerS: 10, concurrency: 4 })).toBeCloseTo(11 / 4);
  });

  it('counts cached judgments as free', async () => {
    const db = freshDB();
    const rows = makeInstructions(6, 3);
    const input = makeInput(rows);
    const half = makeInput(rows, { sampleIds: [1, 2, 3] });
    const runId = await createRun(db, half);
    await new RunRunner({ db, runId, engineFactory: () => new ScriptedEngine({ scenario: 'valid' }), locks: createMemoryLocks() }).start();
    const plan = await planRun(db, input, { speed: { promptTokensPerS: 1000, decodeTokensPerS: 20 } });
    expect(plan.judgments).toBe(18);
    expect(plan.cached).toBe(9);
    expect(plan.estCompletionTokens).toBe(9 * 150);
  });

  it('uses the bare-number estimate for the 4B judge', async () => {
    const db = freshDB();
    const settings = makeSettings();
    settings.judge = { ...settings.judge, outputFormat: 'bare-number' };
    const plan = await planRun(db, makeInput(makeInstructions(2, 2), { settings }));
    expect(plan.estCompletionTokens).toBe(4 * COMPLETION_TOKENS['bare-number']);
  });

  it('uses the measured ratios: Russian prose at 2.55 characters per token, rubrics at 3.0', () => {
    const row = { ...makeInstructions(1, 1)[0], instruction: '', reference_answer: null };
    const base = promptTokenEstimate(row, '', 0);
    // 2,550 more characters of answer are 1,000 more tokens; 3,000 more of rubric too.
    expect(promptTokenEstimate(row, 'ж'.repeat(2550), 0) - base).toBe(1000);
    const longRubric = { ...row, criteria: [{ ...row.criteria[0], rubrics: `${row.criteria[0].rubrics as string}${'р'.repeat(3000)}` }] };
    expect(promptTokenEstimate(longRubric, '', 0) - base).toBe(1000);
  });

  it('counts prompts that cannot fit the judge’s context window apart', async () => {
    const db = freshDB();
    const rows = makeInstructions(4, 2);
    const input = makeInput(rows);
    // A 15,000-character answer is ~5,900 tokens: it fits 8k, not 4k.
    input.answers[0] = { ...input.answers[0], answer: 'Длинный ответ. '.repeat(1000) };
    const at8k = await planRun(db, input, { contextWindow: 8192 });
    expect(at8k.tooLong).toBe(0);
    const at4k = await planRun(db, input, { contextWindow: 4096 });
    expect(at4k.tooLong).toBe(2);
    expect(at4k.longestPromptTokens).toBeGreaterThan(5800);
    expect(at4k.estCompletionTokens).toBe(6 * COMPLETION_TOKENS.tagged);
  });

  it('queues only a stratified sample when given one', async () => {
    const db = freshDB();
    const rows = makeInstructions(40, 3);
    const ids = stratifiedSample(rows, defaultStratum, 30, 5);
    const plan = await planRun(db, makeInput(rows, { sampleIds: ids }));
    expect(plan.judgments).toBe(ids.length * 3);
    expect(plan.judgments).toBeLessThanOrEqual(30);
  });
});

describe('createRun', () => {
  it('orders whole instructions in the stratified order and skips instructions without answers', async () => {
    const db = freshDB();
    const rows = makeInstructions(12, 3);
    const input = makeInput(rows);
    input.answers = input.answers.filter((a) => a.prompt_id !== 5);
    const runId = await createRun(db, input);
    const run = await db.runs.get(runId);
    expect(run?.skippedNoAnswer).toEqual([5]);
    expect(run?.total).toBe(33);
    const jobs = await db.jobs.where('[runId+order]').between([runId, -Infinity], [runId, Infinity]).toArray();
    expect(jobs.map((j) => j.order)).toEqual([...Array(33).keys()]);
    // Criteria of one instruction are contiguous.
    for (let i = 0; i < jobs.length; i += 3) {
      expect(new Set(jobs.slice(i, i + 3).map((j) => j.prompt_id)).size).toBe(1);
    }
    // Not the input order.
    const order = jobs.filter((j) => j.criterionIndex === 0).map((j) => j.prompt_id);
    expect(order).not.toEqual([...order].sort((a, b) => (a ?? 0) - (b ?? 0)));
    const answers = await db.answers.where('runId').equals(runId).toArray();
    expect(answers[0].instruction?.criteria).toHaveLength(3);
  });

  it('rejects a run with nothing to judge', async () => {
    const db = freshDB();
    await expect(createRun(db, makeInput(makeInstructions(2), { answers: [] }))).rejects.toThrow(/answer/);
    expect(await db.runs.count()).toBe(0);
  });
});
