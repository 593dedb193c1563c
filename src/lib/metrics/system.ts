/**
 * One system's full metrics (a run, or one reference model): metrics.py's matrix via the core
 * library, plus breakdowns with counts and cluster-bootstrap intervals, coverage and a score
 * histogram.
 *
 * Breakdown rule (documented in the UI): a group's value is the mean of its NON-binary gated
 * normalised scores — the same micro mean as metrics.py's grand_mean, restricted to the group.
 * The 'criterion' breakdown is the exception: it averages all rows of that criterion (binary
 * ones included, on their own scale), like the matrix rows do.
 *
 * Intervals: overall, difficulty, task group, category, domain and meta always; per criterion
 * only for runs (a reference table has 7 × ~60 criteria × 2,100 instructions; those intervals
 * would triple the bootstrap's cost for numbers nobody reads at that granularity).
 */
import { aggregateMetrics } from '../pollux/index.ts';
import type { PolluxMetrics } from '../pollux/types.ts';
import { clusterBootstrapMany, groupMeans, groupSums, type GroupedSums, type Interval } from '../stats/index.ts';
import type { ScoredSet } from './run-rows.ts';
import { DIMENSIONS, HISTOGRAM_BINS, type Dimension, type Estimate, type FacetRow, type MetricsSettings, type SystemMetrics } from './types.ts';

/** Dense instruction ids shared by every system of a report, so paired comparisons line up. */
export type ClusterIndex = ReadonlyMap<number, number>;

export function clusterIndexOf(promptIds: Iterable<number>): Map<number, number> {
  const ids = [...new Set(promptIds)].sort((a, b) => a - b);
  return new Map(ids.map((id, i) => [id, i]));
}

function facetOf(row: FacetRow, dim: Dimension): string {
  return dim === 'criterion' ? row.criteria_name : row[dim];
}

/** Group layout: index 0 = overall, then each dimension's sorted keys, in `dims` order. */
export interface GroupLayout {
  keys: { dim: Dimension | 'overall'; key: string }[];
  byDim: Map<Dimension, Map<string, number>>;
  dims: readonly Dimension[];
}

export function groupLayout(rows: readonly FacetRow[], dims: readonly Dimension[] = DIMENSIONS): GroupLayout {
  const keys: GroupLayout['keys'] = [{ dim: 'overall', key: '' }];
  const byDim = new Map<Dimension, Map<string, number>>();
  for (const dim of dims) {
    const values = new Set<string>();
    for (const r of rows) if (dim === 'criterion' || !r.binary) values.add(facetOf(r, dim));
    const index = new Map<string, number>();
    for (const key of [...values].sort()) {
      index.set(key, keys.length);
      keys.push({ dim, key });
    }
    byDim.set(dim, index);
  }
  return { keys, byDim, dims };
}

/** Triples (group, cluster, value) for every group a row belongs to. */
export function groupTriples(rows: readonly FacetRow[], layout: GroupLayout, clusters: ClusterIndex) {
  const dims = layout.dims;
  const indexes = dims.map((d) => layout.byDim.get(d) ?? new Map<string, number>());
  const cap = rows.length * (dims.length + 1);
  const groupOf = new Int32Array(cap);
  const clusterOf = new Int32Array(cap);
  const values = new Float64Array(cap);
  let m = 0;
  for (const r of rows) {
    const c = clusters.get(r.prompt_id);
    if (c === undefined) continue;
    if (!r.binary) {
      groupOf[m] = 0;
      clusterOf[m] = c;
      values[m++] = r.normalized;
    }
    for (let d = 0; d < dims.length; d++) {
      const dim = dims[d];
      if (dim !== 'criterion' && r.binary) continue;
      const g = indexes[d].get(facetOf(r, dim));
      if (g === undefined) continue;
      groupOf[m] = g;
      clusterOf[m] = c;
      values[m++] = r.normalized;
    }
  }
  return { groupOf: groupOf.subarray(0, m), clusterOf: clusterOf.subarray(0, m), values: values.subarray(0, m) };
}

export function histogramOf(rows: readonly FacetRow[]): number[] {
  const bins = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const r of rows) {
    if (r.binary) continue;
    const b = Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(r.normalized * HISTOGRAM_BINS)));
    bins[b]++;
  }
  return bins;
}

export interface SystemInput {
  id: string;
  label: string;
  kind: 'run' | 'reference';
  scored: ScoredSet;
  facets: FacetRow[];
}

/** Everything but the intervals; `ciData` is the prefix of groups that get intervals. */
export interface PreparedSystem {
  input: SystemInput;
  layout: GroupLayout;
  data: GroupedSums;
  ciData: GroupedSums;
}

export function prepareSystem(input: SystemInput, clusters: ClusterIndex): PreparedSystem {
  // 'criterion' is last in DIMENSIONS, so the groups before it form a prefix.
  const layout = groupLayout(input.facets);
  const t = groupTriples(input.facets, layout, clusters);
  const data = groupSums(layout.keys.length, clusters.size, t.groupOf, t.clusterOf, t.values);
  const firstCriterion = layout.keys.findIndex((k) => k.dim === 'criterion');
  const prefix = input.kind === 'run' || firstCriterion < 0 ? layout.keys.length : firstCriterion;
  const ciData: GroupedSums = { ...data, offsets: data.offsets.subarray(0, prefix + 1) };
  return { input, layout, data, ciData };
}

export function finishSystem(p: PreparedSystem, cis: readonly (Interval | null)[]): SystemMetrics {
  const { rows, coverage } = p.input.scored;
  const pollux: PolluxMetrics = {
    ...aggregateMetrics(rows),
    dropped: { unparsed: coverage.unparsed, out_of_scale: coverage.outOfScale },
    unknown_prompt: 0,
  };
  const means = groupMeans(p.data);
  const breakdowns = Object.fromEntries(DIMENSIONS.map((d) => [d, [] as Estimate[]])) as Record<Dimension, Estimate[]>;
  let overall: Estimate | null = null;
  for (let g = 0; g < p.layout.keys.length; g++) {
    const { dim, key } = p.layout.keys[g];
    const mean = means[g];
    if (mean === null) continue;
    let n = 0;
    for (let e = p.data.offsets[g]; e < p.data.offsets[g + 1]; e++) n += p.data.count[e];
    const est: Estimate = { key, mean, n, instructions: p.data.offsets[g + 1] - p.data.offsets[g], ci: cis[g] ?? null };
    if (dim === 'overall') overall = est;
    else breakdowns[dim].push(est);
  }
  const { id, label, kind } = p.input;
  return { id, label, kind, pollux, overall, breakdowns, coverage, histogram: histogramOf(p.input.facets) };
}

/** All systems of a report, bootstrapped together on the same instruction draws. */
export function computeSystems(inputs: readonly SystemInput[], clusters: ClusterIndex, settings: MetricsSettings): SystemMetrics[] {
  const prepared = inputs.map((i) => prepareSystem(i, clusters));
  const cis = clusterBootstrapMany(
    prepared.map((p) => p.ciData),
    { resamples: settings.resamples, seed: settings.seed },
  );
  return prepared.map((p, i) => finishSystem(p, cis[i]));
}

export function computeSystem(input: SystemInput, clusters: ClusterIndex, settings: MetricsSettings): SystemMetrics {
  return computeSystems([input], clusters, settings)[0];
}
