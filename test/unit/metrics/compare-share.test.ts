import { describe, expect, it } from 'vitest';
import {
  buildSharePayload,
  computeReport,
  runTask,
  sharedInstructions,
  sharedJudgments,
  toScoreTable,
  isSignificant,
  type RunJudgment,
} from '../../../src/lib/metrics/index.ts';
import { decodeShare, encodeShare } from '../../../src/lib/metrics/share-codec.ts';
import { A, B, INSTRUCTIONS, R2, runJudgments } from './fixtures/small-run.ts';

const settings = { gate: 'official' as const, resamples: 200, seed: 1 };

describe('compare (paired bootstrap on shared instructions)', () => {
  it('gives A − B per criterion and task group, with a zero-width interval for a constant shift', () => {
    const shifted: RunJudgment[] = runJudgments().map((j) =>
      j.outcome?.kind === 'score' && j.criteria_name === A && j.outcome.score === 2 ? { ...j, outcome: { ...j.outcome, score: 1 } } : j,
    );
    const res = runTask({
      type: 'compare',
      input: {
        settings,
        instructions: INSTRUCTIONS,
        categories: [],
        a: { kind: 'run', id: 'a', label: 'A', judgments: runJudgments() },
        b: { kind: 'run', id: 'b', label: 'B', judgments: shifted },
      },
    }, null);
    if (res.type !== 'compare') throw new Error('wrong result type');
    const { rows, sharedInstructions: shared } = res.result;
    expect(shared).toBe(6);
    const critA = rows.find((r) => r.dim === 'criterion' && r.key === A);
    // Only P1's A changes (1.0 → 0.5) among 4 A scores: diff = 0.5 / 4.
    expect(critA?.diff).toBeCloseTo(0.125, 12);
    const critB = rows.find((r) => r.dim === 'criterion' && r.key === B);
    expect(critB).toMatchObject({ diff: 0, ci: { lo: 0, hi: 0 } });
    expect(rows.some((r) => r.dim === 'task_type')).toBe(true);
  });

  it('compares a run with a reference model', () => {
    const res = runTask({
      type: 'compare',
      input: {
        settings,
        instructions: INSTRUCTIONS,
        categories: [],
        a: { kind: 'run', id: 'a', label: 'A', judgments: runJudgments() },
        b: { kind: 'reference', modelId: 'gpt4' },
      },
    }, toScoreTable([{ prompt_id: 1, model_id: 'gpt4', criteria_name: A, rubrics: R2, criteria_score: 1 }]));
    if (res.type !== 'compare') throw new Error('wrong result type');
    expect(res.result.sharedInstructions).toBe(1);
    expect(res.result.rows.find((r) => r.dim === 'overall')?.diff).toBeCloseTo(0.5, 12);
  });
});

describe('significance marks', () => {
  const row = (lo: number, hi: number, instructions: number) => ({ dim: 'overall' as const, key: '', a: 0.5, b: 0.1, diff: 0.4, ci: { lo, hi }, instructions });

  it('need an interval that excludes 0 on at least 10 instructions', () => {
    // One instruction: every resample is the same, so the interval is a point — never "significant".
    expect(isSignificant(row(0.417, 0.417, 1))).toBe(false);
    expect(isSignificant(row(0.1, 0.3, 9))).toBe(false);
    expect(isSignificant(row(0.1, 0.3, 10))).toBe(true);
    expect(isSignificant(row(-0.3, -0.1, 40))).toBe(true);
    expect(isSignificant(row(-0.1, 0.3, 40))).toBe(false);
    expect(isSignificant({ ...row(0.1, 0.3, 40), ci: null })).toBe(false);
  });

  it('count the instructions where both sides have values in the group', () => {
    const res = runTask({ type: 'compare', input: { settings, instructions: INSTRUCTIONS, categories: [], a: { kind: 'run', id: 'a', label: 'A', judgments: runJudgments() }, b: { kind: 'run', id: 'b', label: 'B', judgments: runJudgments().filter((j) => j.prompt_id !== 1) } } }, null);
    if (res.type !== 'compare') throw new Error('wrong result type');
    // B lacks prompt 1: 5 shared instructions; criterion A has non-binary rows in 4 of them.
    expect(res.result.sharedInstructions).toBe(5);
    expect(res.result.rows.find((r) => r.dim === 'overall')?.instructions).toBe(4);
    expect(res.result.rows.find((r) => r.dim === 'criterion' && r.key === A)?.instructions).toBe(3);
  });
});

describe('share links', () => {
  const judgments = runJudgments();
  const report = computeReport({ settings, instructions: INSTRUCTIONS, run: { id: 'r', label: 'mine', judgments }, categories: [] }, null);
  const payload = buildSharePayload({
    name: 'mine',
    info: { judge: 'pollux-judge-7b' },
    settings,
    instructions: INSTRUCTIONS,
    judgments,
    categories: [[A, R2, 'General']],
    references: report.systems.slice(1),
  });

  it('round-trips and reproduces the same metrics', () => {
    const link = encodeShare(payload);
    expect(link).toMatch(/^[A-Za-z0-9_-]+$/);
    const back = decodeShare(link);
    expect(back.kind).toBe('ok');
    if (back.kind !== 'ok') return;
    expect(back.payload).toEqual(payload);
    expect(back.payload.answers).toBeUndefined();
    const again = computeReport({
      settings,
      instructions: sharedInstructions(back.payload),
      run: { id: 'r', label: 'mine', judgments: sharedJudgments(back.payload) },
      categories: back.payload.categories,
    }, null);
    expect(again.systems[0].pollux).toEqual(report.systems[0].pollux);
    expect(again.systems[0].overall).toEqual(report.systems[0].overall);
  });

  it('carries answer texts only when asked', () => {
    const withAnswers = buildSharePayload({ ...{ name: 'm', info: {}, settings, instructions: INSTRUCTIONS, judgments, categories: [], references: [] }, answers: { '1': 'ответ' } });
    const back = decodeShare(encodeShare(withAnswers));
    expect(back.kind === 'ok' && back.payload.answers).toEqual({ '1': 'ответ' });
  });

  it('says where a damaged link breaks', () => {
    const link = encodeShare(payload);
    expect(decodeShare(link.slice(0, link.length / 2))).toMatchObject({ kind: 'error', where: 'link' });
    expect(decodeShare('abc$def')).toMatchObject({ kind: 'error', where: 'link' });
    const tampered = { ...payload, scores: payload.scores.map((s, i) => (i === 0 ? ([s[0], s[1], s[2], 0] as typeof s) : s)) };
    expect(decodeShare(encodeShare(tampered))).toMatchObject({ kind: 'error', where: 'hash' });
    const badRow = { ...payload, scores: [[1, 99, 0, 1]] as typeof payload.scores };
    expect(decodeShare(encodeShare(badRow))).toMatchObject({ kind: 'error', where: 'scores[0]' });
  });
});
