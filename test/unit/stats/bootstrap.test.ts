/**
 * The one bootstrap kernel (bootstrapMeans + cellIntervals) against the plain oracle in
 * test/oracles/bootstrap.ts: the same intervals bit for bit, on factored input with shared
 * targets and per-system count corrections; plus the statistical properties an instruction-level
 * bootstrap must have.
 */
import { describe, expect, it } from 'vitest';
import { bootstrapMeans, cellIntervals, mulberry32, percentileInterval, type BootstrapOptions, type FactoredSums } from '../../../src/lib/stats/index.ts';
import { selectInPlace } from '../../../src/lib/stats/select.ts';
import { clusterBootstrap, factoredFrom, groupMeans, groupSums, pairedBootstrap, toFactored, type GroupedSums, type Item } from '../../oracles/bootstrap.ts';
import { quantileSorted } from '../../oracles/stats.ts';

/** The kernel's intervals for several systems at once. */
const kernel = (data: FactoredSums, options: BootstrapOptions) => cellIntervals(data, bootstrapMeans(data, options), options);
/** The kernel's intervals for one system's plain group sums. */
const intervalsOf = (data: GroupedSums, options: BootstrapOptions) => kernel(toFactored([data]), options)[0];

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

/**
 * Random systems whose groups follow the report's structure: per cluster one "level" value
 * feeding 3 groups (overall + two instruction-level dimensions) and "single" values feeding one
 * group each; systems miss clusters and differ in counts, so count corrections occur.
 */
function randomSystems(seed: number, systems: number, clusters: number) {
  const rnd = mulberry32(seed);
  const dimA = Array.from({ length: clusters }, () => 1 + Math.floor(rnd() * 3)); // groups 1..3
  const dimB = Array.from({ length: clusters }, () => 4 + Math.floor(rnd() * 2)); // groups 4..5
  const singles = [6, 7, 8];
  const groups = 10; // group 9 stays empty
  const triples = Array.from({ length: systems }, () => ({ g: [] as number[], c: [] as number[], v: [] as number[] }));
  const factored = factoredFrom(clusters, systems, groups, (c) => {
    const items: Item[] = [];
    for (const targets of [[0, dimA[c], dimB[c]], ...singles.map((g) => [g])]) {
      const item: Item = { targets, sum: [], count: [] };
      for (let s = 0; s < systems; s++) {
        const vals: number[] = [];
        const k = rnd() < 0.15 ? 0 : rnd() < 0.8 ? 3 : 1 + Math.floor(rnd() * 4);
        for (let i = 0; i < k; i++) vals.push(Math.floor(rnd() * 7) / 3);
        let acc = 0;
        for (const v of vals) {
          acc += v;
          for (const g of targets) {
            triples[s].g.push(g);
            triples[s].c.push(c);
            triples[s].v.push(v);
          }
        }
        item.sum.push(acc);
        item.count.push(vals.length);
      }
      if (item.count.some((n) => n > 0)) items.push(item);
    }
    return items;
  });
  const plain = triples.map((t) => groupSums(groups, clusters, t.g, t.c, t.v));
  return { factored, plain };
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
});

describe('bootstrapMeans (the one kernel)', () => {
  it('gives exactly the oracle\'s intervals on factored input (shared targets, count corrections)', () => {
    for (const seed of [1, 2, 3]) {
      const { factored, plain } = randomSystems(seed, 4, 250);
      const options = { resamples: 300, seed: 11 };
      const fac = kernel(factored, options);
      expect(fac).toEqual(plain.map((p) => clusterBootstrap(p, options)));
      expect(fac[0][9]).toBeNull();
      expect(fac[0][0]).not.toBeNull();
    }
  });

  it('gives paired differences exactly as the oracle\'s paired bootstrap (same draws for both sides)', () => {
    const f = fixture();
    const a = groupSums(3, 40, f.groupOf, f.clusterOf, f.values);
    const b = groupSums(3, 40, f.groupOf, f.clusterOf, f.values.map((v, i) => (i % 3 === 0 ? v - 0.1 : v * 0.9)));
    const R = 300;
    const stats = bootstrapMeans(toFactored([a, b]), { resamples: R, seed: 4 });
    const expected = pairedBootstrap(a, b, { resamples: R, seed: 4 });
    for (let g = 0; g < 2; g++) {
      const d = stats.slice(g * R, (g + 1) * R).map((v, r) => v - stats[(3 + g) * R + r]);
      expect(percentileInterval(d, 0.95)).toEqual(expected[g].interval);
    }
    expect(expected[2]).toEqual({ diff: null, interval: null });
  });

  it('returns nulls without resamples and rejects malformed input', () => {
    const { factored } = randomSystems(4, 2, 20);
    expect(kernel(factored, { resamples: 0 }).flat().every((x) => x === null)).toBe(true);
    expect(() => bootstrapMeans({ ...factored, count: factored.count.map((c, i) => (i === 0 ? c + 0.5 : c)) })).toThrow(RangeError);
    expect(() => bootstrapMeans({ ...factored, target: factored.target.map(() => 99) })).toThrow(RangeError);
    expect(() => cellIntervals(factored, new Float64Array(3), { resamples: 10 })).toThrow(RangeError);
  });

  it('is deterministic for a fixed seed and covers the point estimate', () => {
    const f = fixture();
    const data = groupSums(2, 40, f.groupOf, f.clusterOf, f.values);
    const a = intervalsOf(data, { seed: 3, resamples: 500 });
    expect(intervalsOf(data, { seed: 3, resamples: 500 })).toEqual(a);
    expect(intervalsOf(data, { seed: 4, resamples: 500 })).not.toEqual(a);
    const means = groupMeans(data);
    for (let g = 0; g < 2; g++) {
      const iv = a[g];
      const m = means[g];
      expect(iv !== null && m !== null && iv.lo < m && iv.hi > m && iv.hi - iv.lo < 0.5).toBe(true);
    }
  });

  it('gives a degenerate interval for a single instruction and null for an empty group', () => {
    // group 0: one instruction with rows 0.5 and 1; group 1: nothing.
    const [one, empty] = intervalsOf(groupSums(2, 5, [0, 0], [3, 3], [0.5, 1]), { seed: 1, resamples: 200 });
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
    const [byInstruction] = intervalsOf(groupSums(1, 40, zeros, clusterOf, values), { resamples: 400 });
    const [byRow] = intervalsOf(groupSums(1, 400, zeros, values.map((_, i) => i), values), { resamples: 400 });
    expect(byInstruction !== null && byRow !== null && byInstruction.hi - byInstruction.lo > 2 * (byRow.hi - byRow.lo)).toBe(true);
  });
});

describe('percentileInterval by selection', () => {
  it('equals sorting and reading the R-7 quantile, NaN and infinities skipped', () => {
    const rnd = mulberry32(9);
    for (const n of [1, 2, 3, 10, 999, 1000]) {
      const xs = Float64Array.from({ length: n }, () => (rnd() < 0.05 ? NaN : rnd() < 0.3 ? Math.floor(rnd() * 4) / 4 : rnd()));
      if (n > 5) xs[3] = Infinity;
      const finite = xs.filter((v) => Number.isFinite(v)).sort();
      const expected = finite.length === 0 ? null : { lo: quantileSorted(finite, (1 - 0.95) / 2), hi: quantileSorted(finite, 1 - (1 - 0.95) / 2) };
      expect(percentileInterval(Float64Array.from(xs), 0.95)).toEqual(expected);
    }
    expect(percentileInterval(Float64Array.of(NaN, NaN), 0.95)).toBeNull();
  });

  it('selectInPlace finds each order statistic', () => {
    const rnd = mulberry32(3);
    const xs = Float64Array.from({ length: 200 }, () => Math.floor(rnd() * 20));
    const sorted = Float64Array.from(xs).sort();
    for (const k of [0, 1, 57, 100, 198, 199]) expect(selectInPlace(Float64Array.from(xs), k)).toBe(sorted[k]);
  });
});
