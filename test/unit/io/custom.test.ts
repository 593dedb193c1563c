import { describe, expect, it } from 'vitest';
import { buildCustomInstructions, checkCriterion, CUSTOM_ID_BASE } from '../../../src/lib/io/index.ts';

describe('custom criteria', () => {
  it('parses the scale with the metrics.py rules and shows its range', () => {
    expect(checkCriterion({ name: 'Точность', rubrics: '0: плохо\n\n1: так себе\n\n2: хорошо' })).toEqual({ ok: true, min: 0, max: 2, levels: [0, 1, 2] });
    expect(checkCriterion({ name: 'Стиль', rubrics: 'Оценка от 1 до 10' })).toEqual({ ok: true, min: 1, max: 10, levels: null });
    expect(checkCriterion({ name: 'X', rubrics: 'просто текст' })).toEqual({ ok: false, problem: 'no-scale' });
    expect(checkCriterion({ name: ' ', rubrics: '0: a\n1: b' })).toEqual({ ok: false, problem: 'no-name' });
    expect(checkCriterion({ name: 'X', rubrics: '1: только один' })).toEqual({ ok: false, problem: 'flat-scale' });
  });

  it('builds instruction rows with generated ids, or locates the problems', () => {
    const ok = buildCustomInstructions([{ instruction: 'Q', reference_answer: '', criteria: [{ name: 'C', rubrics: '0: a\n1: b' }] }]);
    expect(ok.ok && ok.rows[0]).toMatchObject({ prompt_id: CUSTOM_ID_BASE + 1, instruction: 'Q', criteria: [{ criteria_name: 'C', rubrics: '0: a\n1: b' }] });
    const bad = buildCustomInstructions([{ instruction: '', reference_answer: '', criteria: [{ name: 'C', rubrics: 'none' }] }]);
    expect(bad.ok ? [] : bad.problems).toEqual([
      { item: 0, problem: 'no-instruction' },
      { item: 0, criterion: 0, problem: 'no-scale' },
    ]);
  });
});
