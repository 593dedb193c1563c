/**
 * Two systems side by side (two runs, or a run and a reference model) on the instructions BOTH
 * have scores for, per criterion and task group, with paired cluster-bootstrap intervals on the
 * differences (A − B). Pairing by instruction is what makes a small difference detectable.
 */
import { groupMeans, groupSums, pairedBootstrap, type Interval } from '../stats/index.ts';
import { clusterIndexOf, groupLayout, groupTriples } from './system.ts';
import type { Dimension, FacetRow, MetricsSettings } from './types.ts';

export interface CompareRow {
  dim: 'overall' | Dimension;
  key: string;
  a: number | null;
  b: number | null;
  diff: number | null;
  ci: Interval | null;
}

export interface CompareReport {
  a: { id: string; label: string };
  b: { id: string; label: string };
  /** Instructions both sides have kept scores for. */
  sharedInstructions: number;
  rows: CompareRow[];
}

const COMPARE_DIMS: readonly Dimension[] = ['criterion', 'task_type', 'difficulty', 'category'];

export function compareSystems(
  a: { id: string; label: string; rows: readonly FacetRow[] },
  b: { id: string; label: string; rows: readonly FacetRow[] },
  settings: MetricsSettings,
): CompareReport {
  const inA = new Set(a.rows.map((r) => r.prompt_id));
  const shared = new Set(b.rows.map((r) => r.prompt_id).filter((id) => inA.has(id)));
  const ra = a.rows.filter((r) => shared.has(r.prompt_id));
  const rb = b.rows.filter((r) => shared.has(r.prompt_id));
  const clusters = clusterIndexOf(shared);
  const layout = groupLayout([...ra, ...rb], COMPARE_DIMS);
  const ta = groupTriples(ra, layout, clusters);
  const tb = groupTriples(rb, layout, clusters);
  const ga = groupSums(layout.keys.length, clusters.size, ta.groupOf, ta.clusterOf, ta.values);
  const gb = groupSums(layout.keys.length, clusters.size, tb.groupOf, tb.clusterOf, tb.values);
  const ma = groupMeans(ga);
  const mb = groupMeans(gb);
  const diffs = pairedBootstrap(ga, gb, { resamples: settings.resamples, seed: settings.seed });
  const rows: CompareRow[] = layout.keys.map(({ dim, key }, g) => ({
    dim,
    key,
    a: ma[g],
    b: mb[g],
    diff: diffs[g].diff,
    ci: diffs[g].interval,
  }));
  return { a: { id: a.id, label: a.label }, b: { id: b.id, label: b.label }, sharedInstructions: shared.size, rows };
}
