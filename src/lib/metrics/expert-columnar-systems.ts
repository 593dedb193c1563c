/**
 * SystemMetrics of the reference models from ScoredColumns (expert-columnar.ts): metrics.py's
 * matrix, breakdown means with counts, histogram, and the bootstrap input factored by
 * instruction (stats/bootstrap-factored.ts).
 *
 * Order of additions (what keeps every number identical to the object path):
 * - matrix cells, mean_over_criteria cells and grand_mean add rows in table order, like
 *   aggregateMetrics' lists;
 * - a breakdown group adds its per-instruction sums in ascending cluster order, each of those
 *   summed in table order, like groupSums + groupMeans. Rows are therefore visited a second
 *   time, grouped by cluster with a stable counting sort.
 * Instruction-level groups (overall, task group, difficulty, domain, meta) of one instruction
 * share that instruction's sum: it is computed once and added to each.
 */
import type { PolluxMetrics } from '../pollux/types.ts';
import { clusterBootstrapFactored, type FactoredSums, type Interval } from '../stats/index.ts';
import { columnarCoverage, type ScoredColumns } from './expert-columnar.ts';
import type { ClusterIndex } from './system.ts';
import { DIMENSIONS, HISTOGRAM_BINS, type Dimension, type Estimate, type MetricsSettings, type SystemMetrics } from './types.ts';

/** Instruction-level dimensions, in the order of an item's targets after 'overall'. */
const LEVEL_DIMS = ['task_type', 'difficulty', 'domain', 'meta'] as const;
type LevelDim = (typeof LEVEL_DIMS)[number];

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sorted distinct keys → ids from `base` on. */
function keyIds(values: Iterable<string>, base: number): { keys: string[]; ids: Map<string, number> } {
  const keys = [...new Set(values)].sort(byKey);
  return { keys, ids: new Map(keys.map((k, i) => [k, base + i])) };
}

function facet(ins: { meta: string; difficulty?: string; task_type?: string; domain?: string }, dim: LevelDim): string {
  return dim === 'meta' ? (ins.meta ?? '') : (ins[dim] ?? '');
}

/** Growable number list that ends as a typed array (items are built before their count is known). */
class Growing {
  #a: Float64Array;
  #n = 0;
  constructor(capacity: number) {
    this.#a = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.#n === this.#a.length) {
      const b = new Float64Array(this.#a.length * 2);
      b.set(this.#a);
      this.#a = b;
    }
    this.#a[this.#n++] = v;
  }
  get length(): number {
    return this.#n;
  }
  floats(): Float64Array {
    return this.#a.slice(0, this.#n);
  }
  ints(): Int32Array {
    return Int32Array.from(this.#a.subarray(0, this.#n));
  }
}

/**
 * The reference models' metrics in two steps, so the bootstrap between them can run elsewhere
 * (split across threads by the metrics worker): `factored` is the bootstrap input (null without
 * models), `finish` takes its intervals (clusterBootstrapFactored's result) and builds the systems.
 */
export interface ColumnarSystemsStep {
  factored: FactoredSums | null;
  finish: (cis: (Interval | null)[][]) => SystemMetrics[];
}

export function columnarSystems(s: ScoredColumns, models: readonly number[], clusters: ClusterIndex, settings: MetricsSettings): SystemMetrics[] {
  const step = prepareColumnarSystems(s, models, clusters);
  return step.finish(step.factored ? clusterBootstrapFactored(step.factored, { resamples: settings.resamples, seed: settings.seed }) : []);
}

export function prepareColumnarSystems(s: ScoredColumns, models: readonly number[], clusters: ClusterIndex): ColumnarSystemsStep {
  const { cols, keep, value, slot, pair, pairs, slots } = s;
  const S = models.length;
  if (S === 0) return { factored: null, finish: () => [] };
  const sysOf = new Int32Array(cols.models.length).fill(-1);
  models.forEach((m, i) => (sysOf[m] = i));
  const nSlots = slots.length;
  const nCrit = cols.criteria.length;

  // Shared group ids: 0 = overall, then each dimension's sorted keys in DIMENSIONS order.
  const slotCluster = new Int32Array(nSlots).fill(-1);
  for (let k = 0; k < nSlots; k++) slotCluster[k] = clusters.get(slots[k].prompt_id) ?? -1;
  const inScope = slots.filter((_, k) => slotCluster[k] >= 0);
  let next = 1;
  const dimKeys = new Map<Dimension, { keys: string[]; ids: Map<string, number>; base: number }>();
  for (const dim of DIMENSIONS) {
    if (dim === 'criterion') continue;
    const values = dim === 'category' ? pairs.filter((p) => !p.binary).map((p) => p.category) : inScope.map((ins) => facet(ins, dim));
    const k = keyIds(values, next);
    dimKeys.set(dim, { ...k, base: next });
    next += k.keys.length;
  }
  const groups = next;
  const K = 1 + LEVEL_DIMS.length;
  const levelGroup = new Int32Array(nSlots * K);
  for (let k = 0; k < nSlots; k++) {
    if (slotCluster[k] < 0) continue;
    LEVEL_DIMS.forEach((dim, d) => (levelGroup[k * K + 1 + d] = dimKeys.get(dim)?.ids.get(facet(slots[k], dim)) ?? 0));
  }
  const catIds = dimKeys.get('category')?.ids ?? new Map<string, number>();
  const pairCat = Int32Array.from(pairs, (p) => (p.binary ? -1 : (catIds.get(p.category) ?? -1)));
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
  const cellKey: number[] = [];
  const allSum: number[] = [];
  const allCnt: number[] = [];
  const nbSum: number[] = [];
  const nbCnt: number[] = [];
  const grandSum = new Float64Array(S);
  const grandCnt = new Float64Array(S);
  const hist = new Float64Array(S * HISTOGRAM_BINS);
  const n = keep.length;
  const clusterCount = new Int32Array(clusters.size + 1);
  for (let i = 0; i < n; i++) {
    if (keep[i] === 0) continue;
    const sys = sysOf[cols.model[i]];
    const v = value[i];
    const binary = pairs[pair[i]].binary;
    const key = (sys * nCrit + cols.criterion[i]) * nMeta + slotMeta[slot[i]];
    let cell = cellOf.get(key);
    if (cell === undefined) {
      cell = cellKey.push(key) - 1;
      cellOf.set(key, cell);
      allSum.push(0);
      allCnt.push(0);
      nbSum.push(0);
      nbCnt.push(0);
    }
    allSum[cell] += v;
    allCnt[cell]++;
    if (!binary) {
      nbSum[cell] += v;
      nbCnt[cell]++;
      grandSum[sys] += v;
      grandCnt[sys]++;
      hist[sys * HISTOGRAM_BINS + Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(v * HISTOGRAM_BINS)))]++;
    }
    clusterCount[slotCluster[slot[i]] + 1]++;
  }

  // Stable counting sort of kept rows by cluster.
  for (let c = 0; c < clusters.size; c++) clusterCount[c + 1] += clusterCount[c];
  const order = new Int32Array(clusterCount[clusters.size]);
  const fill = clusterCount.slice(0, clusters.size);
  for (let i = 0; i < n; i++) if (keep[i] === 1) order[fill[slotCluster[slot[i]]]++] = i;

  // Pass 2, cluster order: per-instruction sums → items for the bootstrap + point estimates.
  const nCat = catIds.size;
  const catBase = dimKeys.get('category')?.base ?? 0;
  const bSum = new Float64Array(S);
  const bCnt = new Float64Array(S);
  const cSum = new Float64Array(Math.max(1, nCat) * S);
  const cCnt = new Float64Array(Math.max(1, nCat) * S);
  const critCellSum = new Float64Array(S * nCrit);
  const critCellCnt = new Float64Array(S * nCrit);
  const critTouched: number[] = [];
  const critSum = new Float64Array(S * nCrit);
  const critCnt = new Float64Array(S * nCrit);
  const critEnt = new Float64Array(S * nCrit);
  const pSum = new Float64Array(groups * S);
  const pCnt = new Float64Array(groups * S);
  const pEnt = new Float64Array(groups * S);
  const itemStart = new Int32Array(clusters.size + 1);
  const targetStart = new Growing(clusters.size * (1 + nCat) + 1);
  targetStart.push(0);
  const target = new Growing(clusters.size * (K + nCat));
  const itemSum = new Growing(clusters.size * (1 + nCat) * S);
  const itemCnt = new Growing(clusters.size * (1 + nCat) * S);
  const catTouched = new Uint8Array(Math.max(1, nCat));
  const addItem = (sums: Float64Array, cnts: Float64Array, from: number, targets: ArrayLike<number>) => {
    for (let t = 0; t < targets.length; t++) target.push(targets[t]);
    targetStart.push(target.length);
    for (let x = 0; x < S; x++) {
      const cnt = cnts[from + x];
      itemSum.push(sums[from + x]);
      itemCnt.push(cnt);
      if (cnt === 0) continue;
      for (let t = 0; t < targets.length; t++) {
        const at = targets[t] * S + x;
        pSum[at] += sums[from + x];
        pCnt[at] += cnt;
        pEnt[at]++;
      }
    }
  };
  for (let c = 0; c < clusters.size; c++) {
    const r0 = clusterCount[c];
    const r1 = clusterCount[c + 1];
    if (r0 < r1) {
      for (let r = r0; r < r1; r++) {
        const i = order[r];
        const sys = sysOf[cols.model[i]];
        const v = value[i];
        const cat = pairCat[pair[i]];
        const cc = sys * nCrit + cols.criterion[i];
        if (critCellCnt[cc] === 0) critTouched.push(cc);
        critCellSum[cc] += v;
        critCellCnt[cc]++;
        if (pairs[pair[i]].binary) continue;
        bSum[sys] += v;
        bCnt[sys]++;
        if (cat >= 0) {
          const cat0 = cat - catBase;
          catTouched[cat0] = 1;
          cSum[cat0 * S + sys] += v;
          cCnt[cat0 * S + sys]++;
        }
      }
      const k = slot[order[r0]];
      let any = false;
      for (let x = 0; x < S; x++) if (bCnt[x] > 0) any = true;
      if (any) addItem(bSum, bCnt, 0, levelGroup.subarray(k * K, (k + 1) * K));
      for (let cat0 = 0; cat0 < nCat; cat0++) {
        if (catTouched[cat0] === 0) continue;
        addItem(cSum, cCnt, cat0 * S, [catBase + cat0]);
        catTouched[cat0] = 0;
      }
      for (const cc of critTouched) {
        critSum[cc] += critCellSum[cc];
        critCnt[cc] += critCellCnt[cc];
        critEnt[cc]++;
        critCellSum[cc] = 0;
        critCellCnt[cc] = 0;
      }
      critTouched.length = 0;
      bSum.fill(0);
      bCnt.fill(0);
      cSum.fill(0);
      cCnt.fill(0);
    }
    itemStart[c + 1] = targetStart.length - 1;
  }

  const factored: FactoredSums = {
    clusters: clusters.size,
    systems: S,
    groups,
    itemStart,
    targetStart: targetStart.ints(),
    target: target.ints(),
    sum: itemSum.floats(),
    count: itemCnt.floats(),
  };

  // Criteria in name order (codes are dictionary indexes, names are distinct).
  const critOrder = cols.criteria.map((_, i) => i).sort((a, b) => byKey(cols.criteria[a], cols.criteria[b]));
  const metaNames: string[] = [];
  for (const [m, id] of metaIds) metaNames[id] = m;
  const metaOrder = metaNames.map((_, i) => i).sort((a, b) => byKey(metaNames[a], metaNames[b]));

  return { factored, finish: (cis) => models.map((model, x) => {
    const estimate = (g: number, key: string, ci: Interval | null): Estimate | null => {
      const at = g * S + x;
      return pCnt[at] > 0 ? { key, mean: pSum[at] / pCnt[at], n: pCnt[at], instructions: pEnt[at], ci } : null;
    };
    const breakdowns = Object.fromEntries(DIMENSIONS.map((d) => [d, [] as Estimate[]])) as Record<Dimension, Estimate[]>;
    for (const dim of DIMENSIONS) {
      if (dim === 'criterion') {
        for (const crit of critOrder) {
          const cc = x * nCrit + crit;
          if (critCnt[cc] > 0) breakdowns.criterion.push({ key: cols.criteria[crit], mean: critSum[cc] / critCnt[cc], n: critCnt[cc], instructions: critEnt[cc], ci: null });
        }
        continue;
      }
      const k = dimKeys.get(dim);
      if (!k) continue;
      k.keys.forEach((key, i) => {
        const e = estimate(k.base + i, key, cis[x][k.base + i]);
        if (e) breakdowns[dim].push(e);
      });
    }
    const coverage = columnarCoverage(s, model);
    const pollux: PolluxMetrics = {
      ...columnarAggregate(x),
      dropped: { unparsed: coverage.unparsed, out_of_scale: coverage.outOfScale },
      unknown_prompt: 0,
    };
    const histogram = Array.from(hist.subarray(x * HISTOGRAM_BINS, (x + 1) * HISTOGRAM_BINS));
    return {
      id: `ref:${cols.models[model]}`,
      label: cols.models[model],
      kind: 'reference' as const,
      pollux,
      overall: estimate(0, '', cis[x][0]),
      breakdowns,
      coverage,
      histogram,
    };
  }) };

  /** aggregateMetrics of system x, from the table-order cell sums (same keys, same order). */
  function columnarAggregate(x: number): Omit<PolluxMetrics, 'dropped' | 'unknown_prompt'> {
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
      matrix[cols.criteria[crit]] = cells;
      mean_over_meta[cols.criteria[crit]] = mean(Object.values(cells));
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
}
