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
