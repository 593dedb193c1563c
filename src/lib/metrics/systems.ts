/**
 * SystemMetrics from a scored table (score.ts): metrics.py's matrix, breakdown means with
 * counts, histogram, coverage, and the bootstrap input factored by instruction
 * (stats/bootstrap.ts) for the intervals.
 *
 * Breakdown rule (documented in the UI): a group's value is the mean of its NON-binary gated
 * normalised scores — the same micro mean as metrics.py's grand_mean, restricted to the group.
 * The 'criterion' breakdown is the exception: it averages all rows of that criterion (binary
 * ones included, on their own scale), like the matrix rows do.
 *
 * Intervals: overall, difficulty, task group, category, domain and meta always; per criterion
 * only when asked (runs and comparisons: a reference table has 7 × ~60 criteria × 2,100
 * instructions, and those intervals would triple the bootstrap's cost for numbers nobody reads
 * at that granularity).
 *
 * Order of additions (what makes every number reproducible to the last bit, and equal to
 * metrics.py's pandas means on the same rows): matrix cells and the grand mean add rows in
 * table order; a breakdown group adds its per-instruction sums in ascending instruction order,
 * each of those summed in table order. Rows are therefore visited a second time, grouped by
 * instruction with a stable counting sort. (One function of ~250 lines on purpose: both passes
 * share its arrays, and every addition whose order matters can be read in one place.)
 */
import type { PolluxMetrics } from '../pollux/types.ts';
import type { FactoredSums, Interval } from '../stats/index.ts';
import { coverageOf, type ScoredTable } from './score.ts';
import type { Unscored } from './table.ts';
import { DIMENSIONS, HISTOGRAM_BINS, type Coverage, type Dimension, type Estimate, type SystemMetrics } from './types.ts';

/** Dense instruction ids (clusters) shared by every system of a report, so draws line up. */
export type ClusterIndex = ReadonlyMap<number, number>;

export function clusterIndexOf(promptIds: Iterable<number>): Map<number, number> {
  const ids = [...new Set(promptIds)].sort((a, b) => a - b);
  return new Map(ids.map((id, i) => [id, i]));
}

/** Instruction-level dimensions, in the order of an item's targets after 'overall'. */
const LEVEL_DIMS = ['task_type', 'difficulty', 'domain', 'meta'] as const;
type LevelDim = (typeof LEVEL_DIMS)[number];

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function facet(ins: { meta: string; difficulty?: string; task_type?: string; domain?: string }, dim: LevelDim): string {
  return (dim === 'meta' ? ins.meta : ins[dim]) ?? '';
}

/** Who system x of the table is in the report. */
export interface SystemInfo {
  system: number;
  id: string;
  label: string;
  kind: 'run' | 'reference';
  unscored?: Unscored;
}

/** A group of the layout: 0 = overall, then each dimension's sorted keys in DIMENSIONS order. */
export interface GroupKey {
  dim: Dimension | 'overall';
  key: string;
}

export interface PreparedSystems {
  groups: GroupKey[];
  /** The bootstrap input: one system per entry of `systems`, in that order. */
  factored: FactoredSums;
  /** Point estimate of group g for system x (index into `systems`); null without values. */
  estimate(x: number, g: number): Omit<Estimate, 'ci'> | null;
  /** Instructions in which every system has values in group g (the pairs of a comparison). */
  common(g: number): number;
  /** The systems' metrics, given cellIntervals(factored, …). */
  finish(cis: readonly (readonly (Interval | null)[])[]): SystemMetrics[];
}

/**
 * Rows of instructions missing from `clusters` are left out; `criterionIntervals` adds the
 * criterion groups to the bootstrap input.
 */
export function prepareSystems(s: ScoredTable, systems: readonly SystemInfo[], clusters: ClusterIndex, criterionIntervals: boolean): PreparedSystems {
  const { table, keep, value, slot, pair, pairs, slots } = s;
  const S = systems.length;
  const sysOf = new Int32Array(table.systems.length).fill(-1);
  systems.forEach((info, x) => (sysOf[info.system] = x));
  const nSlots = slots.length;
  const nCrit = table.criteria.length;
  const slotCluster = Int32Array.from(slots, (ins) => clusters.get(ins.prompt_id) ?? -1);
  const n = keep.length;
  // Per row: its cluster, or -1 when it is not one of these systems' kept rows in scope.
  const rowCluster = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (keep[i] === 1 && sysOf[table.system[i]] >= 0) rowCluster[i] = slotCluster[slot[i]];
  const pairBinary = Uint8Array.from(pairs, (p) => (p.binary ? 1 : 0));

  // Group ids, shared by all systems.
  const groups: GroupKey[] = [{ dim: 'overall', key: '' }];
  const idOf = new Map<Dimension, Map<string, number>>();
  const inScope = slots.filter((_, k) => slotCluster[k] >= 0);
  for (const dim of DIMENSIONS) {
    const values =
      dim === 'criterion' ? table.criteria : dim === 'category' ? pairs.filter((p) => !p.binary).map((p) => p.category) : inScope.map((ins) => facet(ins, dim));
    const ids = new Map<string, number>();
    for (const key of [...new Set(values)].sort(byKey)) ids.set(key, groups.push({ dim, key }) - 1);
    idOf.set(dim, ids);
  }
  const K = 1 + LEVEL_DIMS.length;
  const levelGroup = new Int32Array(nSlots * K);
  for (let k = 0; k < nSlots; k++) LEVEL_DIMS.forEach((dim, d) => (levelGroup[k * K + 1 + d] = idOf.get(dim)?.get(facet(slots[k], dim)) ?? 0));
  const catIds = idOf.get('category') ?? new Map<string, number>();
  const pairCat = Int32Array.from(pairs, (p) => (p.binary ? -1 : (catIds.get(p.category) ?? -1)));
  const critIds = idOf.get('criterion') ?? new Map<string, number>();
  const critGroup = Int32Array.from(table.criteria, (name) => critIds.get(name) ?? 0);
  const metaIds = new Map<string, number>();
  const slotMeta = Int32Array.from(slots, (ins) => {
    const m = ins.meta ?? '';
    let id = metaIds.get(m);
    if (id === undefined) metaIds.set(m, (id = metaIds.size));
    return id;
  });
  const nMeta = Math.max(1, metaIds.size);

  // Pass 1, table order: matrix cells (all rows / non-binary rows), grand mean, histogram.
  const cellOf = new Map<number, number>();
  const allSum: number[] = [];
  const allCnt: number[] = [];
  const nbSum: number[] = [];
  const nbCnt: number[] = [];
  const grandSum = new Float64Array(S);
  const grandCnt = new Float64Array(S);
  const hist = new Float64Array(S * HISTOGRAM_BINS);
  const clusterCount = new Int32Array(clusters.size + 1);
  for (let i = 0; i < n; i++) {
    const c = rowCluster[i];
    if (c < 0) continue;
    const x = sysOf[table.system[i]];
    const v = value[i];
    const key = (x * nCrit + table.criterion[i]) * nMeta + slotMeta[slot[i]];
    let cell = cellOf.get(key);
    if (cell === undefined) {
      cellOf.set(key, (cell = allSum.length));
      allSum.push(0);
      allCnt.push(0);
      nbSum.push(0);
      nbCnt.push(0);
    }
    allSum[cell] += v;
    allCnt[cell]++;
    if (pairBinary[pair[i]] === 0) {
      nbSum[cell] += v;
      nbCnt[cell]++;
      grandSum[x] += v;
      grandCnt[x]++;
      hist[x * HISTOGRAM_BINS + Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(v * HISTOGRAM_BINS)))]++;
    }
    clusterCount[c + 1]++;
  }

  // Stable counting sort of the rows by cluster.
  for (let c = 0; c < clusters.size; c++) clusterCount[c + 1] += clusterCount[c];
  const order = new Int32Array(clusterCount[clusters.size]);
  const fill = clusterCount.slice(0, clusters.size);
  for (let i = 0; i < n; i++) if (rowCluster[i] >= 0) order[fill[rowCluster[i]]++] = i;

  // Pass 2, cluster order: per-instruction sums → items for the bootstrap + point estimates.
  const G = groups.length;
  const pSum = new Float64Array(G * S);
  const pCnt = new Float64Array(G * S);
  const pEnt = new Float64Array(G * S);
  const pCommon = new Float64Array(G);
  const levelSum = new Float64Array(S);
  const levelCnt = new Float64Array(S);
  // Per (category or criterion group, system): the open cluster's sums; `touched` lists the groups.
  const oneSum = new Float64Array(G * S);
  const oneCnt = new Float64Array(G * S);
  const touched: number[] = [];
  const itemStart = new Int32Array(clusters.size + 1);
  const targetStart = [0];
  const target: number[] = [];
  const itemSum: number[] = [];
  const itemCnt: number[] = [];
  /** Adds the item (sums[from + x], cnts[from + x]) feeding groups targets[t0..t1) to the estimates and, when bootstrapped, to the bootstrap input. */
  const addItem = (sums: Float64Array, cnts: Float64Array, from: number, targets: Int32Array, t0: number, t1: number, bootstrapped: boolean) => {
    if (bootstrapped) {
      for (let t = t0; t < t1; t++) target.push(targets[t]);
      targetStart.push(target.length);
    }
    let everySystem = true;
    for (let x = 0; x < S; x++) {
      const sum = sums[from + x];
      const cnt = cnts[from + x];
      if (cnt === 0) everySystem = false;
      if (bootstrapped) {
        itemSum.push(sum);
        itemCnt.push(cnt);
      }
      if (cnt === 0) continue;
      for (let t = t0; t < t1; t++) {
        const at = targets[t] * S + x;
        pSum[at] += sum;
        pCnt[at] += cnt;
        pEnt[at]++;
      }
    }
    if (everySystem) for (let t = t0; t < t1; t++) pCommon[targets[t]]++;
  };
  const single = new Int32Array(1);
  const isTouched = new Uint8Array(G);
  /** Adds a row's value to the open cluster's sums of group g (a category or a criterion). */
  const addToOpen = (g: number, x: number, v: number) => {
    if (isTouched[g] === 0) {
      isTouched[g] = 1;
      touched.push(g);
    }
    oneSum[g * S + x] += v;
    oneCnt[g * S + x]++;
  };
  for (let c = 0; c < clusters.size; c++) {
    const r0 = clusterCount[c];
    const r1 = clusterCount[c + 1];
    if (r0 < r1) {
      let anyLevel = false;
      for (let r = r0; r < r1; r++) {
        const i = order[r];
        const x = sysOf[table.system[i]];
        const v = value[i];
        addToOpen(critGroup[table.criterion[i]], x, v);
        if (pairBinary[pair[i]] === 1) continue;
        levelSum[x] += v;
        levelCnt[x]++;
        anyLevel = true;
        if (pairCat[pair[i]] >= 0) addToOpen(pairCat[pair[i]], x, v);
      }
      const k = slot[order[r0]];
      if (anyLevel) addItem(levelSum, levelCnt, 0, levelGroup, k * K, (k + 1) * K, true);
      // A group gets at most one item per cluster, so the order of items does not matter.
      for (const g of touched) {
        single[0] = g;
        addItem(oneSum, oneCnt, g * S, single, 0, 1, criterionIntervals || groups[g].dim !== 'criterion');
        for (let x = 0; x < S; x++) oneSum[g * S + x] = oneCnt[g * S + x] = 0;
        isTouched[g] = 0;
      }
      touched.length = 0;
      levelSum.fill(0);
      levelCnt.fill(0);
    }
    itemStart[c + 1] = targetStart.length - 1;
  }

  const factored: FactoredSums = {
    clusters: clusters.size,
    systems: S,
    groups: G,
    itemStart,
    targetStart: Int32Array.from(targetStart),
    target: Int32Array.from(target),
    sum: Float64Array.from(itemSum),
    count: Float64Array.from(itemCnt),
  };

  const metaNames: string[] = [];
  for (const [m, id] of metaIds) metaNames[id] = m;
  const metaOrder = metaNames.map((_, i) => i).sort((a, b) => byKey(metaNames[a], metaNames[b]));
  const critOrder = [...critIds.keys()].map((name) => table.criteria.indexOf(name));

  /** metrics.py's aggregation of system x, from the table-order cell sums. */
  function aggregate(x: number): Omit<PolluxMetrics, 'dropped' | 'unknown_prompt'> {
    const matrix: Record<string, Record<string, number>> = {};
    const mean_over_meta: Record<string, number> = {};
    for (const crit of critOrder) {
      let cells: Record<string, number> | null = null;
      for (const m of metaOrder) {
        const cell = cellOf.get((x * nCrit + crit) * nMeta + m);
        if (cell === undefined) continue;
        cells ??= {};
        cells[metaNames[m]] = allSum[cell] / allCnt[cell];
      }
      if (cells === null) continue;
      matrix[table.criteria[crit]] = cells;
      mean_over_meta[table.criteria[crit]] = mean(Object.values(cells));
    }
    const mean_over_criteria: Record<string, number> = {};
    for (const m of metaOrder) {
      const means: number[] = [];
      for (const crit of critOrder) {
        const cell = cellOf.get((x * nCrit + crit) * nMeta + m);
        if (cell !== undefined && nbCnt[cell] > 0) means.push(nbSum[cell] / nbCnt[cell]);
      }
      if (means.length > 0) mean_over_criteria[metaNames[m]] = mean(means);
    }
    return { matrix, mean_over_meta, mean_over_criteria, grand_mean: grandCnt[x] > 0 ? grandSum[x] / grandCnt[x] : null };
  }

  const estimate = (x: number, g: number) => {
    const at = g * S + x;
    return pCnt[at] > 0 ? { key: groups[g].key, mean: pSum[at] / pCnt[at], n: pCnt[at], instructions: pEnt[at] } : null;
  };

  const finish = (cis: readonly (readonly (Interval | null)[])[]): SystemMetrics[] =>
    systems.map((info, x) => {
      const breakdowns = Object.fromEntries(DIMENSIONS.map((d) => [d, [] as Estimate[]])) as Record<Dimension, Estimate[]>;
      let overall: Estimate | null = null;
      for (let g = 0; g < G; g++) {
        const e = estimate(x, g);
        if (e === null) continue;
        const est: Estimate = { ...e, ci: cis[x]?.[g] ?? null };
        const dim = groups[g].dim;
        if (dim === 'overall') overall = est;
        else breakdowns[dim].push(est);
      }
      const coverage: Coverage = coverageOf(s, info.system, info.unscored);
      const pollux: PolluxMetrics = { ...aggregate(x), dropped: { unparsed: coverage.unparsed, out_of_scale: coverage.outOfScale }, unknown_prompt: 0 };
      const histogram = Array.from(hist.subarray(x * HISTOGRAM_BINS, (x + 1) * HISTOGRAM_BINS));
      return { id: info.id, label: info.label, kind: info.kind, pollux, overall, breakdowns, coverage, histogram };
    });

  return { groups, factored, estimate, common: (g) => pCommon[g], finish };
}
