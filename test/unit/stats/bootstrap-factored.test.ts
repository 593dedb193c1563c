import { describe, expect, it } from 'vitest';
import { clusterBootstrapFactored, clusterBootstrapMany, factoredIntervals, factoredResampleStats, groupSums, joinResampleStats, mulberry32, percentileInterval, quantileSorted, selectInPlace, type FactoredSums } from '../../../src/lib/stats/index.ts';

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
  const itemStart = [0];
  const targetStart = [0];
  const target: number[] = [];
  const sum: number[] = [];
  const count: number[] = [];
  for (let c = 0; c < clusters; c++) {
    const items: { targets: number[]; values: number[][] }[] = [{ targets: [0, dimA[c], dimB[c]], values: [] }, ...singles.map((g) => ({ targets: [g], values: [] as number[][] }))];
    for (const item of items) {
      for (let s = 0; s < systems; s++) {
        const vals: number[] = [];
        const k = rnd() < 0.15 ? 0 : rnd() < 0.8 ? 3 : 1 + Math.floor(rnd() * 4);
        for (let i = 0; i < k; i++) vals.push(Math.floor(rnd() * 7) / 3);
        item.values.push(vals);
        for (const v of vals) {
          for (const g of item.targets) {
            triples[s].g.push(g);
            triples[s].c.push(c);
            triples[s].v.push(v);
          }
        }
      }
      if (item.values.every((v) => v.length === 0)) continue;
      target.push(...item.targets);
      targetStart.push(target.length);
      for (const vals of item.values) {
        let acc = 0;
        for (const v of vals) acc += v;
        sum.push(acc);
        count.push(vals.length);
      }
    }
    itemStart.push(targetStart.length - 1);
  }
  const factored: FactoredSums = {
    clusters,
    systems,
    groups,
    itemStart: Int32Array.from(itemStart),
    targetStart: Int32Array.from(targetStart),
    target: Int32Array.from(target),
    sum: Float64Array.from(sum),
    count: Float64Array.from(count),
  };
  const plain = triples.map((t) => groupSums(groups, clusters, t.g, t.c, t.v));
  return { factored, plain };
}

describe('clusterBootstrapFactored', () => {
  it('gives exactly the intervals of clusterBootstrapMany on the unfactored sums', () => {
    for (const seed of [1, 2, 3]) {
      const { factored, plain } = randomSystems(seed, 4, 250);
      const options = { resamples: 300, seed: 11 };
      const many = clusterBootstrapMany(plain, options);
      const fac = clusterBootstrapFactored(factored, options);
      expect(fac).toEqual(many);
      expect(fac[0][9]).toBeNull();
      expect(fac[0][0]).not.toBeNull();
    }
  });

  it('returns nulls without resamples and rejects malformed input', () => {
    const { factored } = randomSystems(4, 2, 20);
    expect(clusterBootstrapFactored(factored, { resamples: 0 }).flat().every((x) => x === null)).toBe(true);
    expect(() => clusterBootstrapFactored({ ...factored, count: factored.count.map((c, i) => (i === 0 ? c + 0.5 : c)) })).toThrow(RangeError);
    expect(() => clusterBootstrapFactored({ ...factored, target: factored.target.map(() => 99) })).toThrow(RangeError);
  });
});

describe('percentileInterval by selection', () => {
  it('equals sorting and reading quantileSorted, NaN and infinities skipped', () => {
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

describe('clusterBootstrapFactored in two slices (the metrics worker and its helper thread)', () => {
  it('joins slices [0, k) and [k, R) into exactly the one-pass statistics and intervals, for any split', () => {
    const { factored } = randomSystems(5, 3, 180);
    const R = 101;
    const cells = factored.systems * factored.groups;
    for (const seed of [1, 7]) {
      const options = { resamples: R, seed };
      const whole = factoredResampleStats(factored, options);
      const expected = clusterBootstrapFactored(factored, options);
      for (const split of [0, 1, Math.floor(R / 2), R - 1, R]) {
        const head = factoredResampleStats(factored, options, 0, split);
        const tail = factoredResampleStats(factored, options, split, R);
        expect(head.length).toBe(cells * split);
        expect(tail.length).toBe(cells * (R - split));
        const joined = joinResampleStats(cells, head, tail, R, split);
        // Bit-identical: Object.is per value (NaN = NaN, +0 ≠ -0), not a tolerance.
        expect(joined.length).toBe(whole.length);
        let differing = 0;
        for (let i = 0; i < whole.length; i++) if (!Object.is(joined[i], whole[i])) differing++;
        expect(differing).toBe(0);
        expect(factoredIntervals(factored, joined, options)).toEqual(expected);
      }
    }
  });

  it('a slice is the same numbers as that part of one pass (the PRNG skips whole resamples)', () => {
    const { factored } = randomSystems(6, 2, 90);
    const options = { resamples: 40, seed: 3 };
    const cells = factored.systems * factored.groups;
    const whole = factoredResampleStats(factored, options);
    const mid = factoredResampleStats(factored, options, 13, 29);
    for (let at = 0; at < cells; at++) {
      for (let b = 13; b < 29; b++) expect(Object.is(mid[at * 16 + (b - 13)], whole[at * 40 + b])).toBe(true);
    }
  });

  it('rejects slices outside the resamples and statistics of the wrong size', () => {
    const { factored } = randomSystems(4, 2, 20);
    const cells = factored.systems * factored.groups;
    expect(() => factoredResampleStats(factored, { resamples: 10 }, 5, 11)).toThrow(RangeError);
    expect(() => factoredResampleStats(factored, { resamples: 10 }, 6, 5)).toThrow(RangeError);
    expect(() => factoredResampleStats(factored, { resamples: 10 }, 0.5, 5)).toThrow(RangeError);
    expect(() => joinResampleStats(cells, new Float64Array(cells * 4), new Float64Array(cells * 5), 10, 4)).toThrow(RangeError);
    expect(() => factoredIntervals(factored, new Float64Array(3), { resamples: 10 })).toThrow(RangeError);
  });
});
