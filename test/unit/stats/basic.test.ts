import { describe, expect, it } from 'vitest';
import { exactMatch, mae, mean, pearson, quantile, quantileSorted, rank, spearman } from '../../oracles/stats.ts';

describe('mean', () => {
  it('averages and has no mean for an empty input (null, never NaN)', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([])).toBeNull();
  });
});

describe('quantile (R-7, numpy default)', () => {
  it('interpolates linearly between order statistics', () => {
    // numpy.quantile([1, 2, 3, 4], 0.25) = 1 + 0.75 * (2 - 1) = 1.75
    expect(quantile([4, 1, 3, 2], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([7], 0.025)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('rank', () => {
  it('gives ties their average rank (scipy rankdata "average")', () => {
    expect([...rank([10, 20, 20, 30])]).toEqual([1, 2.5, 2.5, 4]);
    expect([...rank([2, 0, 2, 0, 1])]).toEqual([4.5, 1.5, 4.5, 1.5, 3]);
  });
});

describe('pearson', () => {
  it('matches the hand-computed value', () => {
    // means 2.5 / 3.75; Sxy = 3.5, Sxx = 5, Syy = 4.75 → r = 3.5 / sqrt(23.75)
    expect(pearson([1, 2, 3, 4], [2, 4, 5, 4])).toBeCloseTo(3.5 / Math.sqrt(23.75), 14);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 14);
  });
  it('is undefined (null) for constant input or fewer than two pairs', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1], [2])).toBeNull();
    expect(() => pearson([1, 2], [1])).toThrow(/lengths/);
  });
});

describe('spearman', () => {
  it('handles ties with average ranks like scipy.stats.spearmanr', () => {
    // ranks x = [1, 2.5, 2.5, 4], y = [1, 3, 2, 4]; Sxy = 4.5, Sxx = 4.5, Syy = 5 → 3 / sqrt(10)
    // (scipy.stats.spearmanr([1,2,2,3],[1,3,2,4]).statistic = 0.9486832980505138)
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505138, 14);
    // 0–2 scores, ties on both sides: ranks x = [1.5,1.5,3,4.5,4.5], y = [1,3,3,5,3];
    // Sxy = 6, Sxx = 9, Syy = 8 → 6 / sqrt(72) = 1/sqrt(2)
    expect(spearman([0, 0, 1, 2, 2], [0, 1, 1, 2, 1])).toBeCloseTo(Math.SQRT1_2, 14);
  });
  it('differs from the no-ties shortcut formula when ties exist', () => {
    const shortcut = 1 - (6 * (0 + 0.25 + 0.25 + 0)) / (4 * 15); // 1 − 6Σd²/(n(n²−1)) = 0.95
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).not.toBeCloseTo(shortcut, 6);
  });
  it('is monotone-invariant and null when one side is constant', () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 14);
    expect(spearman([2, 2, 2], [0, 1, 2])).toBeNull();
  });
});

describe('mae and exact match', () => {
  it('compute the paired error and the match rate', () => {
    expect(mae([0, 1, 2, 2], [0, 2, 1, 2])).toBe(0.5);
    expect(exactMatch([0, 1, 2, 2], [0, 2, 1, 2])).toBe(0.5);
    // A fractional expert mean (1.5) is never an exact match for an integer score.
    expect(exactMatch([1, 2], [1.5, 2])).toBe(0.5);
    expect(mae([], [])).toBeNull();
    expect(exactMatch([], [])).toBeNull();
  });
});
