/**
 * Cluster bootstrap of an arbitrary statistic over rows (Spearman, Pearson, MAE… of judge vs
 * expert pairs): draw clusters (instructions) with replacement, collect all their rows, compute
 * the statistic. O(rows) per resample, so it is meant for agreement reports (thousands of rows),
 * not for the 161k-row expert table — group means there use clusterBootstrap.
 */
import { DEFAULT_RESAMPLES, percentileInterval, type BootstrapOptions, type Interval } from './bootstrap.ts';
import { mulberry32, resampleCounts } from './prng.ts';

export function bootstrapRows(
  clusterOf: ArrayLike<number>,
  statistic: (rows: Uint32Array) => number | null,
  options: BootstrapOptions = {},
): Interval | null {
  const n = clusterOf.length;
  if (n === 0) return null;
  // Renumber clusters densely so the draw is over clusters that have rows here.
  const ids = new Map<number, number>();
  const dense = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let id = ids.get(clusterOf[i]);
    if (id === undefined) ids.set(clusterOf[i], (id = ids.size));
    dense[i] = id;
  }
  const k = ids.size;
  const starts = new Uint32Array(k + 1);
  for (let i = 0; i < n; i++) starts[dense[i] + 1]++;
  for (let c = 0; c < k; c++) starts[c + 1] += starts[c];
  const members = new Uint32Array(n);
  const fill = starts.slice(0, k);
  for (let i = 0; i < n; i++) members[fill[dense[i]]++] = i;

  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const rng = mulberry32(options.seed ?? 1);
  const weights = new Uint32Array(k);
  const stats = new Float64Array(resamples);
  let buffer = new Uint32Array(n * 4);
  for (let b = 0; b < resamples; b++) {
    resampleCounts(rng, weights);
    let m = 0;
    for (let c = 0; c < k; c++) {
      for (let w = 0; w < weights[c]; w++) {
        const size = starts[c + 1] - starts[c];
        if (m + size > buffer.length) {
          const grown = new Uint32Array(Math.max(buffer.length * 2, m + size));
          grown.set(buffer.subarray(0, m));
          buffer = grown;
        }
        buffer.set(members.subarray(starts[c], starts[c + 1]), m);
        m += size;
      }
    }
    const v = statistic(buffer.subarray(0, m));
    stats[b] = v === null ? NaN : v;
  }
  return percentileInterval(stats, options.level ?? 0.95);
}
