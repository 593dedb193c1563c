import { describe, expect, it } from 'vitest';
import { clusterBootstrap, clusterBootstrapMany, groupSums, mulberry32 } from '../../../src/lib/stats/index.ts';

/** Random triples over `clusters` instructions and `groups` groups, some groups left empty. */
function randomSums(seed: number, groups: number, clusters: number, rows: number) {
  const rnd = mulberry32(seed);
  const g = new Int32Array(rows);
  const c = new Int32Array(rows);
  const v = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    g[i] = Math.floor(rnd() * (groups - 1)); // the last group stays empty
    c[i] = Math.floor(rnd() * clusters);
    v[i] = Math.round(rnd() * 8) / 8;
  }
  return groupSums(groups, clusters, g, c, v);
}

describe('clusterBootstrapMany', () => {
  it('gives each system exactly the intervals clusterBootstrap gives it alone (same draws, same sums)', () => {
    // Enough clusters that weights of 0, 1, 2 and 3+ all occur (the kernel special-cases 1).
    const systems = [randomSums(1, 6, 300, 2000), randomSums(2, 4, 300, 900), randomSums(3, 9, 300, 3000)];
    const many = clusterBootstrapMany(systems, { resamples: 300, seed: 5 });
    systems.forEach((s, i) => expect(many[i]).toEqual(clusterBootstrap(s, { resamples: 300, seed: 5 })));
    expect(many[0][5]).toBeNull();
    expect(many[0][0]).not.toBeNull();
  });

  it('returns nulls without resamples and rejects systems on different clusters', () => {
    const s = randomSums(4, 3, 50, 200);
    expect(clusterBootstrapMany([s], { resamples: 0 })).toEqual([[null, null, null]]);
    expect(() => clusterBootstrapMany([s, randomSums(5, 3, 51, 200)])).toThrow(RangeError);
  });
});
