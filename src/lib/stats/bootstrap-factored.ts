/**
 * The cluster bootstrap of clusterBootstrapMany, for several systems that share their group
 * structure (the reference models of a report), with the work factored the way the data is:
 *
 * - An "item" is one value per system inside one cluster that feeds one or more groups. An
 *   instruction's non-binary rows feed the overall group AND its task group, difficulty,
 *   domain and meta group (every instruction has exactly one of each): one item, five targets,
 *   so its weighted value is computed once instead of five times. A category's rows in that
 *   instruction are an item with one target.
 * - Counts are integers, so their sums are exact in any order. Reference models mostly have the
 *   same number of rows per item; each item's most common count is accumulated once per group
 *   for all systems, plus a small signed correction for the systems that differ.
 * - Sums are floating point: each (system, group) still adds its drawn clusters' values one by
 *   one in ascending cluster order, exactly as clusterBootstrapMany does, so every resampled
 *   mean — and every interval — is bit-identical to it (the unit tests compare them).
 *
 * The resamples can be computed in slices (factoredResampleStats over [from, to)) on different
 * threads and joined (joinResampleStats): resample b uses the b-th block of draws of the same
 * PRNG stream, so the joined statistics — and the intervals — are bit-identical to one pass.
 */
import { DEFAULT_RESAMPLES, forEachResample, percentileInterval, type BootstrapOptions, type Interval } from './bootstrap.ts';

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

/** The resample range [from, to) of `resamples`, checked. */
function sliceOf(resamples: number, from: number, to: number): number {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= Math.max(resamples, 0))) {
    throw new RangeError(`factored bootstrap: slice [${from}, ${to}) is not within 0..${resamples}`);
  }
  return to - from;
}

/**
 * The resampled means of resamples [from, to) (default: all of them), cell-major: cell
 * at = s * groups + g, resample b at at * (to − from) + (b − from); NaN where a cell has no
 * drawn value (or no value at all). Pure and self-contained (typed arrays in, one out), so a
 * helper thread can run it on a cloned FactoredSums.
 */
export function factoredResampleStats(data: FactoredSums, options: BootstrapOptions = {}, from = 0, to = options.resamples ?? DEFAULT_RESAMPLES): Float64Array {
  validate(data);
  const { clusters, systems, groups, itemStart, targetStart, target, sum } = data;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const width = sliceOf(resamples, from, to);
  const cells = systems * groups;
  const present = presentCells(data);
  const { mode, corrStart, corrSystem, corrDelta } = countModes(data);
  const stats = new Float64Array(cells * width).fill(NaN);
  // Accumulators are group-major (g * systems + s): one item adds to `systems` adjacent cells.
  const accSum = new Float64Array(cells);
  const accCorr = new Float64Array(cells);
  const shared = new Float64Array(groups);
  if (width > 0) {
    forEachResample(clusters, { ...options, resamples: to }, (weights, b) => {
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
      const at0 = b - from;
      for (let g = 0; g < groups; g++) {
        for (let s = 0; s < systems; s++) {
          const at = s * groups + g;
          if (present[at] === 0) continue;
          const n = shared[g] + accCorr[g * systems + s];
          stats[at * width + at0] = n > 0 ? accSum[g * systems + s] / n : NaN;
        }
      }
    }, from);
  }
  return stats;
}

/**
 * Joins the statistics of two adjacent slices [0, split) and [split, resamples) of `cells`
 * cells (factoredResampleStats' layout) into the layout of one pass over all resamples.
 */
export function joinResampleStats(cells: number, head: Float64Array, tail: Float64Array, resamples: number, split: number): Float64Array {
  const tailWidth = sliceOf(resamples, split, resamples);
  if (head.length !== cells * split || tail.length !== cells * tailWidth) throw new RangeError('factored bootstrap: slice statistics have the wrong size');
  if (split === 0) return tail;
  if (tailWidth === 0) return head;
  const out = new Float64Array(cells * resamples);
  for (let at = 0; at < cells; at++) {
    out.set(head.subarray(at * split, (at + 1) * split), at * resamples);
    out.set(tail.subarray(at * tailWidth, (at + 1) * tailWidth), at * resamples + split);
  }
  return out;
}

/**
 * Intervals out[s][g] from the statistics of all resamples (modified: each cell's values are
 * reordered in place by the selection); null where system s has no value in group g.
 */
export function factoredIntervals(data: FactoredSums, stats: Float64Array, options: BootstrapOptions = {}): (Interval | null)[][] {
  const { systems, groups } = data;
  const resamples = Math.max(options.resamples ?? DEFAULT_RESAMPLES, 0);
  if (stats.length !== systems * groups * resamples) throw new RangeError('factored bootstrap: statistics have the wrong size');
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

/**
 * 95% (by default) percentile intervals per system and group: out[s][g], null where system s
 * has no value in group g (or without resamples). Same draws as clusterBootstrapMany with the
 * same seed and cluster count. One thread; see bootstrap-split in the metrics worker for two.
 */
export function clusterBootstrapFactored(data: FactoredSums, options: BootstrapOptions = {}): (Interval | null)[][] {
  const resamples = Math.max(options.resamples ?? DEFAULT_RESAMPLES, 0);
  return factoredIntervals(data, factoredResampleStats(data, options, 0, resamples), options);
}
