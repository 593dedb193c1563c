/**
 * Cluster (instruction-level) percentile bootstrap of group means. POLLUX scores ~16 criteria of
 * one answer, and those are correlated; resampling rows would pretend they are independent and
 * give intervals that are far too narrow. So each resample draws INSTRUCTIONS with replacement
 * (n draws from n), and every group's mean is recomputed from the drawn instructions' sums.
 *
 * Cost per resample: O(clusters + entries), with typed arrays only — fast enough for 1,000
 * resamples over the full expert table in a worker.
 */
import type { GroupedSums } from './grouped-sums.ts';
import { mulberry32, resampleCounts } from './prng.ts';
import { minOf, selectInPlace } from './select.ts';

export interface Interval {
  lo: number;
  hi: number;
}

export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  resamples?: number;
  /** PRNG seed (default 1): same data + seed → same interval. */
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_SEED = 1;

/**
 * The R-7 p-quantile (quantileSorted's rule) of the first n values of `a`, by selection: the
 * values at sorted positions ⌊h⌋ and ⌊h⌋+1 are exactly those a sort would put there, and the
 * interpolation is the same expression, so the result is bit-identical. `a[0..n)` is reordered.
 */
function quantileBySelection(a: Float64Array, n: number, p: number): number {
  if (n === 1) return a[0];
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const v = selectInPlace(a, lo, 0, n);
  if (lo + 1 >= n) return v;
  // After selection everything right of lo is ≥ a[lo]: its minimum is the next sorted value.
  return v + (minOf(a, lo + 1, n) - v) * (h - lo);
}

/**
 * Percentile interval of the finite values of `stats` (modified: reordered in place, so no
 * copy is allocated per group). Null when none. Same numbers as sorting and reading
 * quantileSorted at (1 − level) / 2 and its complement.
 */
export function percentileInterval(stats: Float64Array, level: number): Interval | null {
  let n = 0;
  for (let i = 0; i < stats.length; i++) {
    const v = stats[i];
    if (Number.isFinite(v)) stats[n++] = v;
  }
  if (n === 0) return null;
  const a = (1 - level) / 2;
  if (!(a >= 0 && a <= 1)) return null;
  // Each selection only permutes a[0..n), so the second one sees the same multiset.
  const lo = quantileBySelection(stats, n, a);
  const hi = quantileBySelection(stats, n, 1 - a);
  return { lo, hi };
}

/**
 * Runs `perResample(weights, b)` for each resample b in [from, resamples) with fresh
 * multiplicities per cluster (resample b's are the same whatever `from` is). Shared by the plain and the paired bootstrap so both draw identical instruction samples.
 */
export function forEachResample(
  clusters: number,
  options: BootstrapOptions,
  perResample: (weights: Uint32Array, b: number) => void,
  from = 0,
): void {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  // Starting at resample `from` (another thread did the earlier ones): each resample takes
  // exactly `clusters` draws, so skipping from · clusters draws lands on resample from's block.
  const rng = mulberry32(options.seed ?? DEFAULT_SEED, Math.max(0, Math.min(from, resamples)) * clusters);
  const weights = new Uint32Array(clusters);
  for (let b = Math.max(0, from); b < resamples; b++) {
    resampleCounts(rng, weights);
    perResample(weights, b);
  }
}

/**
 * Writes each group's resampled mean into out[g * resamples + b]. A group none of whose
 * instructions was drawn has no mean in that resample (NaN, skipped by the interval).
 */
export function resampleGroupMeans(data: GroupedSums, weights: Uint32Array, out: Float64Array, b: number, resamples: number): void {
  const { offsets, cluster, sum, count } = data;
  const groups = offsets.length - 1;
  for (let g = 0; g < groups; g++) {
    let s = 0;
    let c = 0;
    const end = offsets[g + 1];
    for (let e = offsets[g]; e < end; e++) {
      const w = weights[cluster[e]];
      if (w !== 0) {
        s += w * sum[e];
        c += w * count[e];
      }
    }
    out[g * resamples + b] = c > 0 ? s / c : NaN;
  }
}

/**
 * 95% (by default) percentile intervals of every group's mean. A group without values gets
 * null (absent, never NaN); a group with one instruction gets a degenerate [v, v] interval.
 */
export function clusterBootstrap(data: GroupedSums, options: BootstrapOptions = {}): (Interval | null)[] {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const groups = data.offsets.length - 1;
  const stats = new Float64Array(groups * resamples);
  forEachResample(data.clusters, options, (weights, b) => resampleGroupMeans(data, weights, stats, b, resamples));
  const level = options.level ?? 0.95;
  const out: (Interval | null)[] = [];
  for (let g = 0; g < groups; g++) {
    if (data.offsets[g] === data.offsets[g + 1]) {
      out.push(null);
      continue;
    }
    out.push(percentileInterval(stats.subarray(g * resamples, (g + 1) * resamples), level));
  }
  return out;
}

/**
 * clusterBootstrap for several systems at once with the SAME instruction draws (they must share
 * cluster ids): one PRNG stream instead of one per system, and intervals of different models
 * are computed on identical resamples.
 *
 * Speed: entries of all systems are transposed to cluster-major order once, so a resample
 * visits only the drawn instructions (~63% of them: the rest have weight 0) and reads its
 * entries sequentially, accumulating into small per-group sums that stay in cache.
 */
export function clusterBootstrapMany(datas: readonly GroupedSums[], options: BootstrapOptions = {}): (Interval | null)[][] {
  if (datas.length === 0) return [];
  const clusters = datas[0].clusters;
  if (datas.some((d) => d.clusters !== clusters)) throw new RangeError('clusterBootstrapMany: systems must share clusters');
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  // Global group ids: system i's group g → base[i] + g.
  const base: number[] = [];
  let groups = 0;
  let entries = 0;
  for (const d of datas) {
    base.push(groups);
    groups += d.offsets.length - 1;
    entries += d.offsets[d.offsets.length - 1];
  }
  const start = new Uint32Array(clusters + 1);
  datas.forEach((d) => {
    for (let e = 0; e < d.offsets[d.offsets.length - 1]; e++) start[d.cluster[e] + 1]++;
  });
  for (let c = 0; c < clusters; c++) start[c + 1] += start[c];
  const fill = start.slice(0, clusters);
  // Interleaved [sum, count] per entry and per group: one cache line serves both reads/writes.
  const gid = new Uint32Array(entries);
  const sc = new Float64Array(entries * 2);
  datas.forEach((d, i) => {
    for (let g = 0; g < d.offsets.length - 1; g++) {
      for (let e = d.offsets[g]; e < d.offsets[g + 1]; e++) {
        const at = fill[d.cluster[e]]++;
        gid[at] = 2 * (base[i] + g);
        sc[2 * at] = d.sum[e];
        sc[2 * at + 1] = d.count[e];
      }
    }
  });
  const stats = new Float64Array(groups * resamples);
  const acc = new Float64Array(groups * 2);
  if (resamples > 0) {
    forEachResample(clusters, options, (weights, b) => {
      acc.fill(0);
      for (let c = 0; c < clusters; c++) {
        const w = weights[c];
        if (w === 0) continue;
        const end = start[c + 1];
        // ~58% of drawn instructions are drawn once: skip the multiplications there (hot loop).
        if (w === 1) {
          for (let e = start[c]; e < end; e++) {
            const g = gid[e];
            acc[g] += sc[2 * e];
            acc[g + 1] += sc[2 * e + 1];
          }
        } else {
          for (let e = start[c]; e < end; e++) {
            const g = gid[e];
            acc[g] += w * sc[2 * e];
            acc[g + 1] += w * sc[2 * e + 1];
          }
        }
      }
      for (let g = 0; g < groups; g++) stats[g * resamples + b] = acc[2 * g + 1] > 0 ? acc[2 * g] / acc[2 * g + 1] : NaN;
    });
  }
  const level = options.level ?? 0.95;
  return datas.map((data, i) => {
    const out: (Interval | null)[] = [];
    for (let g = 0; g < data.offsets.length - 1; g++) {
      const at = base[i] + g;
      if (data.offsets[g] === data.offsets[g + 1] || resamples === 0) out.push(null);
      else out.push(percentileInterval(stats.subarray(at * resamples, (at + 1) * resamples), level));
    }
    return out;
  });
}
