import { describe, expect, it } from 'vitest';
import { coalesceSpans, HYPARQUET_GAP } from '../../../src/lib/data/coalesce.ts';

describe('coalesceSpans', () => {
  it('merges spans whose gap is at most maxGap, in file order, and records members', () => {
    const spans = [
      { start: 500_000, end: 510_000 },
      { start: 0, end: 10_000 },
      { start: 30_000, end: 40_000 }, // 20 KB after the first
      { start: 200_000, end: 210_000 }, // 160 KB after the previous
    ];
    const r = coalesceSpans(spans, { maxGap: 64 * 1024 });
    expect(r).toEqual([
      { start: 0, end: 40_000, members: [1, 2] },
      { start: 200_000, end: 210_000, members: [3] },
      { start: 500_000, end: 510_000, members: [0] },
    ]);
    expect(coalesceSpans(spans, { maxGap: 0, forceGap: 0 })).toHaveLength(4);
  });

  it('respects maxBytes, except below the forced gap (what hyparquet merges itself)', () => {
    const spans = [
      { start: 0, end: 100 },
      { start: 10_000, end: 10_100 },
      { start: 10_100 + HYPARQUET_GAP, end: 11_000 + HYPARQUET_GAP },
    ];
    const r = coalesceSpans(spans, { maxGap: 10_000, maxBytes: 500 });
    // 0–100 and 10,000–10,100 would exceed 500 bytes: split; the third is within hyparquet's gap: merged anyway.
    expect(r.map((x) => [x.start, x.end])).toEqual([
      [0, 100],
      [10_000, 11_000 + HYPARQUET_GAP],
    ]);
  });

  it('within a budget, bridges the smallest gaps first', () => {
    // Needed: 4 × 10 KB. Gaps: 30 KB, 5 KB (forced: within hyparquet's 8 KB), 12 KB.
    const spans = [
      { start: 0, end: 10_000 },
      { start: 40_000, end: 50_000 },
      { start: 55_000, end: 65_000 },
      { start: 77_000, end: 87_000 },
    ];
    // 30 % of the 45 KB of runs (the forced 5 KB gap counts as needed): the 12 KB gap fits, the 30 KB one does not.
    const r = coalesceSpans(spans, { maxGap: 64 * 1024, gapBudget: 0.3 });
    expect(r.map((x) => [x.start, x.end])).toEqual([
      [0, 10_000],
      [40_000, 87_000],
    ]);
    const fetched = r.reduce((s, x) => s + x.end - x.start, 0);
    expect(fetched).toBeLessThanOrEqual(1.3 * 45_000);
    expect(coalesceSpans(spans, { maxGap: 64 * 1024, gapBudget: 0.25 })).toHaveLength(3);
    // No budget: every gap up to maxGap is bridged.
    expect(coalesceSpans(spans, { maxGap: 64 * 1024 })).toHaveLength(1);
  });

  it('forced merges apply within a row group only', () => {
    const spans = [
      { start: 0, end: 100, group: 0 },
      { start: 1_000, end: 1_100, group: 1 },
    ];
    expect(coalesceSpans(spans, { maxGap: 0 })).toHaveLength(2);
    expect(coalesceSpans(spans.map((s) => ({ ...s, group: 0 })), { maxGap: 0 })).toHaveLength(1);
  });

  it('overlapping and empty spans', () => {
    const r = coalesceSpans(
      [
        { start: 10, end: 50 },
        { start: 20, end: 30 },
        { start: 40, end: 40 },
      ],
      { maxGap: 0, forceGap: 0 },
    );
    expect(r).toEqual([{ start: 10, end: 50, members: [0, 1] }]);
  });
});
