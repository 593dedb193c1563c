/**
 * The cluster bootstrap of group means written the plain way, as the oracle for the app's one
 * kernel (src/lib/stats/bootstrap.ts, factored by instruction and by shared counts): per group,
 * the per-instruction sums and counts; per resample, each group's mean over its drawn
 * instructions, weight by weight, in ascending instruction order. The draws are the app's
 * (mulberry32 + resampleCounts: `clusters` draws per resample), so a correct kernel matches
 * this one bit for bit.
 */
import { mulberry32, resampleCounts, type BootstrapOptions, type FactoredSums, type Interval } from '../../src/lib/stats/index.ts';
import { quantileSorted } from './stats.ts';

/** Per group: instruction → [sum, count], from (group, instruction, value) triples in row order. */
export type GroupedSums = { clusters: number; groups: Map<number, [number, number]>[] };

export function groupSums(groups: number, clusters: number, groupOf: ArrayLike<number>, clusterOf: ArrayLike<number>, values: ArrayLike<number>): GroupedSums {
  const out = Array.from({ length: groups }, () => new Map<number, [number, number]>());
  for (let i = 0; i < values.length; i++) {
    const cell = out[groupOf[i]].get(clusterOf[i]) ?? [0, 0];
    cell[0] += values[i];
    cell[1] += 1;
    out[groupOf[i]].set(clusterOf[i], cell);
  }
  return { clusters, groups: out };
}

/** A group's entries in ascending instruction order. */
const entries = (g: Map<number, [number, number]>) => [...g.entries()].sort((a, b) => a[0] - b[0]);

export function groupMeans(data: GroupedSums): (number | null)[] {
  return data.groups.map((g) => {
    let s = 0;
    let c = 0;
    for (const [, [sum, count]] of entries(g)) {
      s += sum;
      c += count;
    }
    return c > 0 ? s / c : null;
  });
}

/** resamples × groups resampled means (NaN where a group drew nothing). */
function resampledMeans(data: GroupedSums, options: BootstrapOptions): Float64Array[] {
  const resamples = options.resamples ?? 1000;
  const rng = mulberry32(options.seed ?? 1);
  const weights = new Uint32Array(data.clusters);
  const sorted = data.groups.map(entries);
  const out = sorted.map(() => new Float64Array(resamples));
  for (let b = 0; b < resamples; b++) {
    resampleCounts(rng, weights);
    sorted.forEach((list, g) => {
      let s = 0;
      let c = 0;
      for (const [k, [sum, count]] of list) {
        const w = weights[k];
        if (w === 0) continue;
        s += w * sum;
        c += w * count;
      }
      out[g][b] = c > 0 ? s / c : NaN;
    });
  }
  return out;
}

function interval(values: Float64Array, level: number): Interval | null {
  const finite = values.filter((v) => Number.isFinite(v)).sort();
  if (finite.length === 0) return null;
  const lo = quantileSorted(finite, (1 - level) / 2);
  const hi = quantileSorted(finite, 1 - (1 - level) / 2);
  return lo === null || hi === null ? null : { lo, hi };
}

/** 95% (by default) percentile interval of each group's mean; null for a group without values. */
export function clusterBootstrap(data: GroupedSums, options: BootstrapOptions = {}): (Interval | null)[] {
  const stats = resampledMeans(data, options);
  if ((options.resamples ?? 1000) <= 0) return stats.map(() => null);
  return stats.map((s, g) => (data.groups[g].size === 0 ? null : interval(s, options.level ?? 0.95)));
}

/** Paired bootstrap of mean(a) − mean(b) per group, both sides on the same draws. */
export function pairedBootstrap(a: GroupedSums, b: GroupedSums, options: BootstrapOptions = {}): { diff: number | null; interval: Interval | null }[] {
  const sa = resampledMeans(a, options);
  const sb = resampledMeans(b, options);
  const ma = groupMeans(a);
  const mb = groupMeans(b);
  return ma.map((x, g) => {
    const y = mb[g];
    if (x === null || y === null) return { diff: null, interval: null };
    return { diff: x - y, interval: interval(sa[g].map((v, r) => v - sb[g][r]), options.level ?? 0.95) };
  });
}

/** One item of the kernel's input: the groups it feeds and each system's sum and count. */
export interface Item {
  targets: number[];
  sum: number[];
  count: number[];
}

/** The kernel's input from the items of each cluster (asked for in ascending cluster order). */
export function factoredFrom(clusters: number, systems: number, groups: number, itemsOf: (cluster: number) => Item[]): FactoredSums {
  const itemStart = [0];
  const targetStart = [0];
  const target: number[] = [];
  const sum: number[] = [];
  const count: number[] = [];
  for (let c = 0; c < clusters; c++) {
    for (const item of itemsOf(c)) {
      target.push(...item.targets);
      targetStart.push(target.length);
      sum.push(...item.sum);
      count.push(...item.count);
    }
    itemStart.push(targetStart.length - 1);
  }
  return {
    clusters,
    systems,
    groups,
    itemStart: Int32Array.from(itemStart),
    targetStart: Int32Array.from(targetStart),
    target: Int32Array.from(target),
    sum: Float64Array.from(sum),
    count: Float64Array.from(count),
  };
}

/** Several systems' GroupedSums (same groups and clusters) as the kernel's input, one item per (instruction, group). */
export function toFactored(systems: readonly GroupedSums[]): FactoredSums {
  const groups = systems[0].groups.length;
  return factoredFrom(systems[0].clusters, systems.length, groups, (c) => {
    const items: Item[] = [];
    for (let g = 0; g < groups; g++) {
      const cells = systems.map((s) => s.groups[g].get(c));
      if (cells.every((x) => x === undefined)) continue;
      items.push({ targets: [g], sum: cells.map((x) => x?.[0] ?? 0), count: cells.map((x) => x?.[1] ?? 0) });
    }
    return items;
  });
}
