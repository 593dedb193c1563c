import { describe, it, expect } from 'vitest';
import {
  CRITICAL_CRITERIA_NAMES,
  aggregateMetrics,
  computePolluxMetrics,
  scoreJudgments,
} from '../../../src/lib/pollux/index.ts';
import type { InstructionRow, ScoresEntry } from '../../../src/lib/pollux/index.ts';

/*
 * A tiny hand-computed benchmark. Four prompts in two metas:
 *   P1 (meta A): FORMAT (Critical, 0/1, map rubric), G (0–2), WATER (Task-specific 0/1, 1 = GOOD)
 *   P2 (meta A): FORMAT, G
 *   P3 (meta B): FORMAT, G, V (0–2)
 *   P4 (meta B): FORMAT, G, V   — only G was judged
 * Judge scores:
 *   P1: FORMAT 0, G 2, WATER 1 (good: "only necessary info")
 *   P2: FORMAT 1 (critical failure), G 2
 *   P3: FORMAT 0, G 1, V 2
 *   P4: G 2
 * plus two judgments that must be dropped: one truncated (unparsed), one G = 3 on a 0–2 scale
 * (out of scale); and one for prompt 99, unknown: kept under meta "" with no rubric, so its raw
 * score 1 stays un-normalised and non-binary (metrics.py's id2meta default).
 */
const FORMAT = CRITICAL_CRITERIA_NAMES[0] ?? '';
const FORMAT_RUBRIC = { '0': 'Ответ модели читаем.', '1': 'Ответ нечитаем.' };
const G = 'Грамотность';
const V = 'Полезность';
const RUB_0_2 = '0: плохо\n\n1: средне\n\n2: хорошо';
const WATER = 'Отсутствие избыточной информации (воды)';
const WATER_RUBRIC = '0: В ответе есть нерелевантная информация.\n\n1: В ответе только необходимая информация.';

const crit = (criteria_name: string, rubrics: InstructionRow['criteria'][number]['rubrics']) => ({ criteria_name, rubrics });
const instructions: InstructionRow[] = [
  { prompt_id: 1, instruction: 'i1', meta: 'A', criteria: [crit(FORMAT, FORMAT_RUBRIC), crit(G, RUB_0_2), crit(WATER, WATER_RUBRIC)] },
  { prompt_id: 2, instruction: 'i2', meta: 'A', criteria: [crit(FORMAT, FORMAT_RUBRIC), crit(G, RUB_0_2)] },
  { prompt_id: 3, instruction: 'i3', meta: 'B', criteria: [crit(FORMAT, FORMAT_RUBRIC), crit(G, RUB_0_2), crit(V, RUB_0_2)] },
  { prompt_id: 4, instruction: 'i4', meta: 'B', criteria: [crit(FORMAT, FORMAT_RUBRIC), crit(G, RUB_0_2), crit(V, RUB_0_2)] },
];
const j = (prompt_id: number, criteria_name: string, response: string): ScoresEntry => ({
  response,
  meta: { prompt_id, criteria_name },
});
const r = (score: number): string => `[FEEDBACK] обоснование [RESULT] ${score} [END]`;
const judgments: ScoresEntry[] = [
  j(1, FORMAT, r(0)),
  j(1, G, r(2)),
  j(1, WATER, r(1)),
  j(2, FORMAT, r(1)),
  j(2, G, r(2)),
  j(3, FORMAT, r(0)),
  j(3, G, r(1)),
  j(3, V, r(2)),
  j(4, G, r(2)),
  j(3, V, '[FEEDBACK] обрыв [RESULT] 2'),
  j(99, G, r(1)),
  j(3, G, r(3)),
];
const DROPPED = { unparsed: 1, out_of_scale: 1 };

describe('computePolluxMetrics, official gate (metrics.py)', () => {
  // Gates: FORMAT and WATER (both {0,1}). P1 fails on WATER = 1 (the pitfall: 1 is good there),
  // P2 fails on FORMAT = 1, so every normalised score of P1 and P2 becomes 0.
  // Normalised rows: P1 FORMAT 0, G 0, WATER 0 | P2 FORMAT 0, G 0 | P3 FORMAT 0, G 0.5, V 1 | P4 G 1
  const m = computePolluxMetrics(instructions, judgments);

  it('builds the matrix of mean normalised scores (binary rows included)', () => {
    expect(m.matrix).toEqual({
      [G]: { '': 1, A: 0, B: 0.75 }, // '': prompt 99's raw 1; A: (0 + 0) / 2; B: (0.5 + 1) / 2
      [V]: { B: 1 },
      [WATER]: { A: 0 },
      [FORMAT]: { A: 0, B: 0 },
    });
  });

  it('averages each criterion over its metas, unweighted', () => {
    expect(m.mean_over_meta).toEqual({ [G]: (1 + 0 + 0.75) / 3, [V]: 1, [WATER]: 0, [FORMAT]: 0 });
  });

  it('macro-averages each meta over non-binary criteria', () => {
    expect(m.mean_over_criteria).toEqual({ '': 1, A: 0, B: 0.875 }); // A: G 0; B: (G 0.75 + V 1) / 2
  });

  it('micro-averages non-binary rows for grand_mean', () => {
    expect(m.grand_mean).toBe(3.5 / 6); // G 0, G 0, G 0.5, V 1, G 1, G(99) 1 → 3.5 / 6
  });

  it('counts drops by reason, and the judgment of an unknown prompt kept under meta ""', () => {
    expect(m.dropped).toEqual(DROPPED);
    expect(m.unknown_prompt).toBe(1);
  });
});

describe('computePolluxMetrics, critical-only gate', () => {
  // Only FORMAT gates, so P1 keeps its scores: G 1, WATER 1. P2 is still zeroed.
  // Normalised rows: P1 FORMAT 0, G 1, WATER 1 | P2 FORMAT 0, G 0 | P3 FORMAT 0, G 0.5, V 1 | P4 G 1
  const m = computePolluxMetrics(instructions, judgments, { gate: 'critical-only' });

  it('does not zero a prompt for a good Task-specific binary score', () => {
    expect(m.matrix).toEqual({
      [G]: { '': 1, A: 0.5, B: 0.75 }, // A: (1 + 0) / 2
      [V]: { B: 1 },
      [WATER]: { A: 1 },
      [FORMAT]: { A: 0, B: 0 },
    });
    expect(m.mean_over_meta).toEqual({ [G]: (1 + 0.5 + 0.75) / 3, [V]: 1, [WATER]: 1, [FORMAT]: 0 });
    expect(m.mean_over_criteria).toEqual({ '': 1, A: 0.5, B: 0.875 });
    expect(m.grand_mean).toBe(4.5 / 6); // G 1, G 0, G 0.5, V 1, G 1, G(99) 1 → 4.5 / 6
    expect(m.dropped).toEqual(DROPPED);
  });

  it('accepts custom critical names', () => {
    const none = computePolluxMetrics(instructions, judgments, { gate: 'critical-only', criticalNames: [] });
    expect(none.matrix[G]).toEqual({ '': 1, A: 1, B: 0.75 }); // nothing gated: A (1 + 1) / 2
  });
});

describe('scoreJudgments rows', () => {
  it('exposes prompt_id, meta, raw, normalised, binary and gate flags', () => {
    const { rows } = scoreJudgments(instructions, judgments);
    expect(rows).toHaveLength(10);
    const water = rows.find((x) => x.prompt_id === 1 && x.criteria_name === WATER);
    expect(water).toMatchObject({ meta: 'A', raw: 1, normalized_ungated: 1, normalized: 0, binary: true, gate: true, gated: true, feedback: 'обоснование' });
    const g3 = rows.find((x) => x.prompt_id === 3 && x.criteria_name === G);
    expect(g3).toMatchObject({ meta: 'B', raw: 1, normalized: 0.5, binary: false, gate: false, gated: false });
    const critOnly = scoreJudgments(instructions, judgments, { gate: 'critical-only' }).rows;
    expect(critOnly.find((x) => x.prompt_id === 1 && x.criteria_name === WATER)).toMatchObject({ binary: true, gate: false, gated: false, normalized: 1 });
  });

  it('aggregateMetrics on the rows equals computePolluxMetrics', () => {
    const { rows, dropped, unknown_prompt } = scoreJudgments(instructions, judgments);
    expect({ ...aggregateMetrics(rows), dropped, unknown_prompt }).toEqual(computePolluxMetrics(instructions, judgments));
  });
});

describe('rubric lookup and edge cases', () => {
  it("falls back to the entry's own rubrics when the instruction lacks the criterion", () => {
    const entry: ScoresEntry = { response: r(3), meta: { prompt_id: 1, criteria_name: 'Своя', rubrics: { '1': 'a', '5': 'b' } } };
    const { rows } = scoreJudgments(instructions, [entry]);
    expect(rows[0]).toMatchObject({ raw: 3, normalized: 0.5 }); // (3 − 1) / (5 − 1)
  });

  it("prefers the entry's own rubric over the instruction's, as metrics.py does", () => {
    const entry: ScoresEntry = { response: r(2), meta: { prompt_id: 1, criteria_name: G, rubrics: '0: a\n1: b\n2: c\n3: d\n4: e' } };
    expect(scoreJudgments(instructions, [entry]).rows[0]?.normalized).toBe(0.5); // 2 / 4, not 2 / 2
  });

  it('keeps a score without a declared scale un-normalised, like metrics.py', () => {
    const entry: ScoresEntry = { response: r(7), meta: { prompt_id: 1, criteria_name: 'Без шкалы' } };
    const m = computePolluxMetrics(instructions, [entry]);
    expect(m.matrix).toEqual({ 'Без шкалы': { A: 7 } });
    expect(m.grand_mean).toBe(7);
  });

  it('gives null grand_mean and no mean_over_criteria when only binary rows remain', () => {
    const m = computePolluxMetrics(instructions, [j(1, FORMAT, r(0))]);
    expect(m.grand_mean).toBeNull();
    expect(m.mean_over_criteria).toEqual({});
    expect(m.matrix).toEqual({ [FORMAT]: { A: 0 } });
  });

  it('handles no judgments', () => {
    expect(computePolluxMetrics(instructions, [])).toEqual({
      matrix: {},
      mean_over_meta: {},
      mean_over_criteria: {},
      grand_mean: null,
      dropped: { unparsed: 0, out_of_scale: 0 },
      unknown_prompt: 0,
    });
  });
});

describe("POLLUX's own metrics tests (tests/test_metrics.py at 9179cb4)", () => {
  const two = (rubrics: string): InstructionRow[] => [
    { prompt_id: 1, instruction: 'a', meta: 'general', criteria: [crit('quality', rubrics)] },
    { prompt_id: 2, instruction: 'b', meta: 'general', criteria: [crit('quality', rubrics)] },
  ];

  it('keeps 4 on a 1–5 rubric as 0.75 and drops 6', () => {
    const m = computePolluxMetrics(two('1: Poor\n5: Excellent'), [
      j(1, 'quality', '[FEEDBACK] ok [RESULT] 4 [END]'),
      j(2, 'quality', '[FEEDBACK] invalid [RESULT] 6 [END]'),
    ]);
    expect(m.matrix).toEqual({ quality: { general: 0.75 } });
    expect(m.grand_mean).toBe(0.75);
    expect(m.dropped).toEqual({ unparsed: 0, out_of_scale: 1 });
  });

  it('a binary 1 zeroes the other scores of its prompt; a 0 keeps them', () => {
    const rows: InstructionRow[] = [
      { prompt_id: 1, instruction: 'a', meta: 'general', criteria: [crit('gate', '0: Pass\n1: Reject'), crit('quality', '0: Poor\n2: Excellent')] },
    ];
    const pass = computePolluxMetrics(rows, [j(1, 'gate', r(0)), j(1, 'quality', r(1))]);
    expect(pass.grand_mean).toBe(0.5);
    const reject = computePolluxMetrics(rows, [j(1, 'gate', r(1)), j(1, 'quality', r(2))]);
    expect(reject.grand_mean).toBe(0);
  });

  it('reads the first of two blocks, so a later block cannot flip the gate', () => {
    const rows: InstructionRow[] = [
      { prompt_id: 1, instruction: 'a', meta: 'general', criteria: [crit('gate', '0: Pass\n1: Reject'), crit('quality', '0: Poor\n2: Excellent')] },
    ];
    const m = computePolluxMetrics(rows, [j(1, 'gate', '[RESULT] 0 [END] ... [RESULT] 1 [END]'), j(1, 'quality', r(2))]);
    expect(m.grand_mean).toBe(1);
  });

  it('drops a score on a scale with no range (Python raises there), counting it out of scale', () => {
    const m = computePolluxMetrics(two('1: единственный уровень'), [j(1, 'quality', r(1))]);
    expect(m.dropped).toEqual({ unparsed: 0, out_of_scale: 1 });
    expect(m.grand_mean).toBeNull();
  });
});
