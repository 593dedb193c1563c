import { describe, it, expect } from 'vitest';
import { normalizeScore, normalizeScoreMinMax } from '../../../src/lib/pollux/index.ts';

describe('normalizeScore (score / max)', () => {
  it('divides by the scale max', () => {
    expect(normalizeScore(1, '0: a\n\n1: b\n\n2: c')).toBe(0.5);
    expect(normalizeScore(1, { '0': 'a', '1': 'b' })).toBe(1);
    expect(normalizeScore(3, '1: a\n5: b')).toBe(0.6);
  });

  it('throws clearly when max is 0 or no scale is declared', () => {
    expect(() => normalizeScore(-1, '-2: a\n0: b')).toThrow(/maximum is 0/);
    expect(() => normalizeScore(1, 'без шкалы')).toThrow(/declares no scale/);
  });
});

describe('normalizeScoreMinMax ((s - min) / (max - min))', () => {
  it('agrees with normalizeScore when min is 0', () => {
    const rub = '0: a\n\n1: b\n\n2: c';
    for (const s of [0, 1, 2]) expect(normalizeScoreMinMax(s, rub)).toBe(normalizeScore(s, rub));
  });

  it('differs for scales not starting at 0', () => {
    expect(normalizeScoreMinMax(3, '1: a\n5: b')).toBe(0.5);
    expect(normalizeScoreMinMax(0, { '-2': 'a', '2': 'b' })).toBe(0.5);
  });

  it('throws when min equals max or no scale is declared', () => {
    expect(() => normalizeScoreMinMax(1, '1: a')).toThrow(/min equals its max/);
    expect(() => normalizeScoreMinMax(1, '')).toThrow(/declares no scale/);
  });
});
