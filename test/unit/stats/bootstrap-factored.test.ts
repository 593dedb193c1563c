import { describe, expect, it } from 'vitest';
import { clusterBootstrapFactored, clusterBootstrapMany, groupSums, mulberry32, percentileInterval, quantileSorted, selectInPlace, type FactoredSums } from '../../../src/lib/stats/index.ts';

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
        for (const v of vals) for (const g of item.targets) triples[s].g.push(g), triples[s].c.push(c), triples[s].v.push(v);
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
