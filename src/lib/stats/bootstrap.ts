/**
 * The cluster (instruction-level) percentile bootstrap. POLLUX scores ~16 criteria of one
 * answer, and those are correlated; resampling rows would pretend they are independent and give
 * intervals far too narrow. So each resample draws INSTRUCTIONS with replacement (n draws from
 * n): `forEachResample` is the one driver every interval in the app uses (group means here,
 * the agreement statistics in metrics/agreement.ts).
 *
 * `bootstrapMeans` is the one kernel for group means (breakdowns, reference models, paired
 * comparisons). Its input is factored the way the data is:
 * - An "item" is one value per system inside one cluster that feeds one or more groups. An
 *   instruction's non-binary rows feed the overall group AND its task group, difficulty,
 *   domain and meta group (every instruction has exactly one of each): one item, five targets,
 *   so its weighted value is computed once instead of five times. A category's (or a
 *   criterion's) rows in that instruction are an item with one target.
 * - Counts are integers, so their sums are exact in any order. Reference models mostly have the
 *   same number of rows per item; each item's most common count is accumulated once per group
 *   for all systems, plus a small signed correction for the systems that differ.
 * - Sums are floating point: each (system, group) adds its drawn clusters' values one by one in
 *   ascending cluster order (a group gets at most one item per cluster), so every resampled
 *   mean is the same number whatever the item layout; metrics/ relies on it to keep results
 *   reproducible to the last bit (test/golden/metrics).
 */
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
 * Runs `perResample(weights, b)` for each resample b with fresh multiplicities per cluster:
 * `clusters` draws of mulberry32(seed) per resample, so the same seed and cluster count give
 * the same instruction samples to every statistic.
 */
export function forEachResample(clusters: number, options: BootstrapOptions, perResample: (weights: Uint32Array, b: number) => void): void {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const rng = mulberry32(options.seed ?? DEFAULT_SEED);
  const weights = new Uint32Array(clusters);
  for (let b = 0; b < resamples; b++) {
    resampleCounts(rng, weights);
    perResample(weights, b);
  }
}

/**
 * The R-7 p-quantile (numpy's default "linear" rule) of the first n values of `a`, by
 * selection: the values at sorted positions ⌊h⌋ and ⌊h⌋+1 are exactly those a sort would put
 * there, and the interpolation is the same expression, so the result equals sorting and
 * interpolating. `a[0..n)` is reordered.
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
 * copy is allocated per group). Null when none.
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

export interface FactoredSums {
  clusters: number;
  systems: number;
  /** Groups shared by all systems; results are per (system, group). */
  groups: number;
  /** Items of cluster c: itemStart[c] .. itemStart[c+1]-1 (length clusters + 1). */
  itemStart: Int32Array;
  /** Groups item j feeds: target[targetStart[j] .. targetStart[j+1]-1] (length items + 1). */
  targetStart: Int32Array;
  target: Int32Array;
  /** Per (item j, system s) at j * systems + s: sum and count of the system's values; count 0 = none. */
  sum: Float64Array;
  count: Float64Array;
}

/** Most common count of each item, and the (system, count − mode) pairs that differ from it. */
function countModes(data: FactoredSums) {
  const { systems, count } = data;
  const items = data.targetStart.length - 1;
  const mode = new Float64Array(items);
  const corrStart = new Int32Array(items + 1);
  const corrSystem: number[] = [];
  const corrDelta: number[] = [];
  for (let j = 0; j < items; j++) {
    const o = j * systems;
    let best = count[o];
    let bestFreq = 0;
    for (let s = 0; s < systems; s++) {
      let f = 0;
      for (let t = 0; t < systems; t++) if (count[o + t] === count[o + s]) f++;
      if (f > bestFreq) {
        bestFreq = f;
        best = count[o + s];
      }
    }
    mode[j] = best;
    for (let s = 0; s < systems; s++) {
      if (count[o + s] !== best) {
        corrSystem.push(s);
        corrDelta.push(count[o + s] - best);
      }
    }
    corrStart[j + 1] = corrSystem.length;
  }
  return { mode, corrStart, corrSystem: Int32Array.from(corrSystem), corrDelta: Float64Array.from(corrDelta) };
}

function validate(data: FactoredSums): void {
  const { clusters, systems, groups, itemStart, targetStart, target, sum, count } = data;
  const items = targetStart.length - 1;
  if (itemStart.length !== clusters + 1 || itemStart[0] !== 0 || itemStart[clusters] !== items) throw new RangeError('factored sums: itemStart does not cover the items');
  if (sum.length !== items * systems || count.length !== items * systems) throw new RangeError('factored sums: sum/count size');
  for (let i = 0; i < target.length; i++) if (!(target[i] >= 0 && target[i] < groups)) throw new RangeError(`factored sums: target ${i} out of range`);
  // Counts must be exact integers for the shared-count accumulation to be exact.
  for (let i = 0; i < count.length; i++) if (!(Number.isInteger(count[i]) && count[i] >= 0 && count[i] < 2 ** 31)) throw new RangeError(`factored sums: count ${i} is not a row count`);
  // The kernel adds every system's sum unconditionally: an empty cell must add exactly +0.
  for (let i = 0; i < count.length; i++) if (count[i] === 0 && !Object.is(sum[i], 0)) throw new RangeError(`factored sums: empty cell ${i} has a sum`);
}

/** Which (system, group) cells have a value at all: present[s * groups + g] = 1. */
function presentCells(data: FactoredSums): Uint8Array {
  const { systems, groups, targetStart, target, count } = data;
  const present = new Uint8Array(systems * groups);
  for (let j = 0; j < targetStart.length - 1; j++) {
    for (let s = 0; s < systems; s++) {
      if (count[j * systems + s] === 0) continue;
      for (let t = targetStart[j]; t < targetStart[j + 1]; t++) present[s * groups + target[t]] = 1;
    }
  }
  return present;
}

/**
 * The resampled mean of every (system, group) cell, cell-major: cell at = s * groups + g,
 * resample b at at * resamples + b; NaN where a cell has no drawn value (or no value at all).
 */
export function bootstrapMeans(data: FactoredSums, options: BootstrapOptions = {}): Float64Array {
  validate(data);
  const { clusters, systems, groups, itemStart, targetStart, target, sum } = data;
  const resamples = Math.max(options.resamples ?? DEFAULT_RESAMPLES, 0);
  const cells = systems * groups;
  const present = presentCells(data);
  const { mode, corrStart, corrSystem, corrDelta } = countModes(data);
  const stats = new Float64Array(cells * resamples).fill(NaN);
  // Accumulators are group-major (g * systems + s): one item adds to `systems` adjacent cells.
  const accSum = new Float64Array(cells);
  const accCorr = new Float64Array(cells);
  const shared = new Float64Array(groups);
  forEachResample(clusters, { ...options, resamples }, (weights, b) => {
    accSum.fill(0);
    accCorr.fill(0);
    shared.fill(0);
    for (let c = 0; c < clusters; c++) {
      const w = weights[c];
      if (w === 0) continue;
      const jEnd = itemStart[c + 1];
      for (let j = itemStart[c]; j < jEnd; j++) {
        const t0 = targetStart[j];
        const t1 = targetStart[j + 1];
        const m = w * mode[j];
        for (let t = t0; t < t1; t++) shared[target[t]] += m;
        for (let k = corrStart[j]; k < corrStart[j + 1]; k++) {
          const d = w * corrDelta[k];
          const s = corrSystem[k];
          for (let t = t0; t < t1; t++) accCorr[target[t] * systems + s] += d;
        }
        // A system without values here has sum 0 and adds +0: a no-op (accumulators start at
        // +0 and never become -0), so no per-system branch is needed. w = 1 for ~58% of drawn
        // clusters: 1 · x = x, so that branch only skips the multiply.
        const so = j * systems;
        if (w === 1) {
          for (let t = t0; t < t1; t++) {
            const o = target[t] * systems;
            for (let s = 0; s < systems; s++) accSum[o + s] += sum[so + s];
          }
        } else {
          for (let t = t0; t < t1; t++) {
            const o = target[t] * systems;
            for (let s = 0; s < systems; s++) accSum[o + s] += w * sum[so + s];
          }
        }
      }
    }
    for (let g = 0; g < groups; g++) {
      for (let s = 0; s < systems; s++) {
        const at = s * groups + g;
        if (present[at] === 0) continue;
        const n = shared[g] + accCorr[g * systems + s];
        stats[at * resamples + b] = n > 0 ? accSum[g * systems + s] / n : NaN;
      }
    }
  });
  return stats;
}

/**
 * Intervals out[s][g] from bootstrapMeans' statistics (modified: each cell's values are
 * reordered in place by the selection); null where system s has no value in group g.
 */
export function cellIntervals(data: FactoredSums, stats: Float64Array, options: BootstrapOptions = {}): (Interval | null)[][] {
  const { systems, groups } = data;
  const resamples = Math.max(options.resamples ?? DEFAULT_RESAMPLES, 0);
  if (stats.length !== systems * groups * resamples) throw new RangeError('bootstrap: statistics have the wrong size');
  const present = presentCells(data);
  const level = options.level ?? 0.95;
  const out: (Interval | null)[][] = [];
  for (let s = 0; s < systems; s++) {
    const row: (Interval | null)[] = [];
    for (let g = 0; g < groups; g++) {
      const at = s * groups + g;
      row.push(present[at] === 0 || resamples <= 0 ? null : percentileInterval(stats.subarray(at * resamples, (at + 1) * resamples), level));
    }
    out.push(row);
  }
  return out;
}
