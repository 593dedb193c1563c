import { describe, it, expect } from 'vitest';
import { normalizeInBounds, normalizeScore } from '../../../src/lib/pollux/index.ts';

describe('normalizeScore ((score − min) / (max − min), POLLUX README)', () => {
  it('gives 0.75 for 4 on a 1–5 rubric', () => {
    expect(normalizeScore(4, '1: Плохо\n\n2: Так себе\n\n3: Средне\n\n4: Хорошо\n\n5: Отлично')).toBe(0.75);
    expect(normalizeScore(4, '1: Poor\n5: Excellent')).toBe(0.75);
  });

  it('equals score / max on native 0–k rubrics', () => {
    const rub = '0: a\n\n1: b\n\n2: c';
    for (const s of [0, 1, 2]) expect(normalizeScore(s, rub)).toBe(s / 2);
    expect(normalizeScore(1, { '0': 'a', '1': 'b' })).toBe(1);
  });

  it('handles negative and map scales', () => {
    expect(normalizeScore(0, { '-2': 'a', '2': 'b' })).toBe(0.5);
    expect(normalizeScore(-1, '-2: a\n0: b')).toBe(0.5);
  });

  it('throws clearly when no scale is declared or it has no range', () => {
    expect(() => normalizeScore(1, 'без шкалы')).toThrow(/declares no scale/);
    expect(() => normalizeScore(1, '1: a')).toThrow(/minimum equals its maximum/);
  });
});

describe('normalizeInBounds (for scorers that parse each rubric once)', () => {
  it('keeps an unscaled score, refuses a scale with no range', () => {
    expect(normalizeInBounds(3, null)).toBe(3);
    expect(normalizeInBounds(2, [2, 2])).toBeNull();
    expect(normalizeInBounds(4, [1, 5])).toBe(0.75);
  });
});
