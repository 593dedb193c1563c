import { describe, expect, it } from 'vitest';
import {
  bootstrapRows,
  clusterBootstrap,
  groupMeans,
  groupSums,
  mean,
  mulberry32,
  pairedBootstrap,
  spearman,
} from '../../../src/lib/stats/index.ts';

/** 40 instructions × 3 rows, values depending on the instruction, in 2 groups (even/odd instruction). */
function fixture() {
  const groupOf: number[] = [];
  const clusterOf: number[] = [];
  const values: number[] = [];
  const rng = mulberry32(42);
  for (let c = 0; c < 40; c++) {
    const base = rng();
    for (let k = 0; k < 3; k++) {
      groupOf.push(c % 2);
      clusterOf.push(c);
      values.push(Math.min(1, Math.max(0, base + (rng() - 0.5) * 0.2)));
    }
  }
  return { groupOf, clusterOf, values };
}

describe('mulberry32', () => {
  it('is deterministic per seed and in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(8)()).not.toBe(xs[0]);
  });

  it('skips k draws in one step: the same stream as drawing k numbers first', () => {
    for (const seed of [1, 7, 0xffffffff, -5]) {
      const plain = mulberry32(seed);
      const stream = Array.from({ length: 70_000 }, () => plain());
      for (const k of [0, 1, 2, 2100, 65_537]) {
        const skipped = mulberry32(seed, k);
        expect(Array.from({ length: 3 }, () => skipped())).toEqual(stream.slice(k, k + 3));
      }
      // The state wraps mod 2^32, as drawing would: skipping 2^32 + 3 is skipping 3.
      expect(mulberry32(seed, 2 ** 32 + 3)()).toBe(stream[3]);
    }
  });
});

describe('groupSums', () => {
  it('collapses rows into per-(group, cluster) sums', () => {
    const data = groupSums(2, 3, [0, 0, 1, 0], [2, 2, 0, 1], [1, 0.5, 0.25, 1]);
    expect([...data.offsets]).toEqual([0, 2, 3]);
    expect([...data.cluster]).toEqual([1, 2, 0]);
    expect([...data.sum]).toEqual([1, 1.5, 0.25]);
    expect([...data.count]).toEqual([1, 2, 1]);
    expect(groupMeans(data)).toEqual([2.5 / 3, 0.25]);
  });
});

describe('clusterBootstrap', () => {
  it('is deterministic for a fixed seed and covers the point estimate', () => {
    const f = fixture();
    const data = groupSums(2, 40, f.groupOf, f.clusterOf, f.values);
    const a = clusterBootstrap(data, { seed: 3, resamples: 500 });
    const b = clusterBootstrap(data, { seed: 3, resamples: 500 });
    expect(a).toEqual(b);
    const c = clusterBootstrap(data, { seed: 4, resamples: 500 });
    expect(c).not.toEqual(a);
    const means = groupMeans(data);
    for (let g = 0; g < 2; g++) {
      const iv = a[g];
      const m = means[g];
      expect(iv).not.toBeNull();
      expect(m).not.toBeNull();
      if (iv && m !== null) {
        expect(iv.lo).toBeLessThan(m);
        expect(iv.hi).toBeGreaterThan(m);
        expect(iv.hi - iv.lo).toBeLessThan(0.5);
      }
    }
  });

  it('gives a degenerate interval for a single instruction and null for an empty group', () => {
    // group 0: one instruction with rows 0.5 and 1; group 1: nothing.
    const data = groupSums(2, 5, [0, 0], [3, 3], [0.5, 1]);
    const [one, empty] = clusterBootstrap(data, { seed: 1, resamples: 200 });
    expect(one).toEqual({ lo: 0.75, hi: 0.75 });
    expect(empty).toBeNull();
  });

  it('resamples instructions, not rows: correlated rows give a wider interval', () => {
    // Each instruction's 10 rows are identical → the effective sample is 40, not 400.
    const clusterOf: number[] = [];
    const values: number[] = [];
    const rng = mulberry32(5);
    for (let c = 0; c < 40; c++) {
      const v = rng() < 0.5 ? 0 : 1;
      for (let k = 0; k < 10; k++) {
        clusterOf.push(c);
        values.push(v);
      }
    }
    const zeros = values.map(() => 0);
    const byInstruction = clusterBootstrap(groupSums(1, 40, zeros, clusterOf, values), { resamples: 400 })[0];
    const rowIds = values.map((_, i) => i);
    const byRow = clusterBootstrap(groupSums(1, 400, zeros, rowIds, values), { resamples: 400 })[0];
    expect(byInstruction && byRow).toBeTruthy();
    if (byInstruction && byRow) {
      expect(byInstruction.hi - byInstruction.lo).toBeGreaterThan(2 * (byRow.hi - byRow.lo));
    }
  });
});

describe('pairedBootstrap', () => {
  it('gives the exact difference with a zero-width interval when B is A shifted by a constant', () => {
    const f = fixture();
    const a = groupSums(2, 40, f.groupOf, f.clusterOf, f.values);
    const b = groupSums(2, 40, f.groupOf, f.clusterOf, f.values.map((v) => v - 0.1));
    const [d0, d1] = pairedBootstrap(a, b, { resamples: 300 });
    expect(d0.diff).toBeCloseTo(0.1, 12);
    expect(d0.interval?.lo).toBeCloseTo(0.1, 12);
    expect(d0.interval?.hi).toBeCloseTo(0.1, 12);
    expect(d1.diff).toBeCloseTo(0.1, 12);
  });

  it('has an interval around zero for identical noise-free systems and null diff for empty groups', () => {
    const f = fixture();
    const a = groupSums(3, 40, f.groupOf, f.clusterOf, f.values);
    const res = pairedBootstrap(a, a, { resamples: 100 });
    expect(res[0]).toEqual({ diff: 0, interval: { lo: 0, hi: 0 } });
    expect(res[2]).toEqual({ diff: null, interval: null });
  });

  it('rejects sides that do not share clusters', () => {
    expect(() => pairedBootstrap(groupSums(1, 2, [0], [0], [1]), groupSums(1, 3, [0], [0], [1]))).toThrow();
  });
});

describe('bootstrapRows', () => {
  it('bootstraps any statistic by cluster, deterministically, covering the estimate', () => {
    const f = fixture();
    const x = f.values;
    const y = f.values.map((v, i) => v + ((i * 7919) % 13) / 40);
    const stat = (rows: Uint32Array) => spearman(Array.from(rows, (r) => x[r]), Array.from(rows, (r) => y[r]));
    const est = spearman(x, y);
    const iv = bootstrapRows(f.clusterOf, stat, { resamples: 200, seed: 9 });
    expect(iv).toEqual(bootstrapRows(f.clusterOf, stat, { resamples: 200, seed: 9 }));
    expect(est).not.toBeNull();
    if (iv && est !== null) {
      expect(iv.lo).toBeLessThanOrEqual(est);
      expect(iv.hi).toBeGreaterThanOrEqual(est);
    }
  });

  it('is null without rows and degenerate for one instruction', () => {
    expect(bootstrapRows([], () => 1)).toBeNull();
    const vals = [0.2, 0.4];
    const iv = bootstrapRows([5, 5], (rows) => mean(Array.from(rows, (r) => vals[r])), { resamples: 50 });
    expect(iv?.lo).toBeCloseTo(0.3, 12);
    expect(iv?.hi).toBeCloseTo(0.3, 12);
  });
});
