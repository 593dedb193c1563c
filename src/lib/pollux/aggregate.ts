import type { PolluxMetrics, ScoredRow } from './types.ts';

export type AggregatedMetrics = Omit<PolluxMetrics, 'dropped' | 'unknown_prompt'>;

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Code-unit order, like pandas' sort of Python strings for BMP text; keeps outputs stable. */
function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Groups values as outer → inner → list, keys sorted, so objects built from it are ordered. */
function group(
  rows: readonly ScoredRow[],
  outer: (r: ScoredRow) => string,
  inner: (r: ScoredRow) => string,
): Map<string, Map<string, number[]>> {
  const tmp = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    const o = outer(r);
    let byInner = tmp.get(o);
    if (!byInner) tmp.set(o, (byInner = new Map()));
    const i = inner(r);
    const list = byInner.get(i);
    if (list) list.push(r.normalized);
    else byInner.set(i, [r.normalized]);
  }
  const sorted = new Map<string, Map<string, number[]>>();
  for (const o of [...tmp.keys()].sort(byKey)) {
    const byInner = tmp.get(o) ?? new Map<string, number[]>();
    sorted.set(o, new Map([...byInner.entries()].sort((a, b) => byKey(a[0], b[0]))));
  }
  return sorted;
}

/**
 * Step 5 of metrics.py on already scored (and gated) rows:
 * - matrix[criterion][meta]: mean normalised score of all rows, binary ones included;
 * - mean_over_meta[criterion]: unweighted mean of that criterion's meta cells;
 * - mean_over_criteria[meta]: mean over criteria of the per-criterion means of NON-binary rows
 *   (macro; a meta with no non-binary rows is absent rather than NaN);
 * - grand_mean: mean of all non-binary rows (micro), null when there are none.
 */
export function aggregateMetrics(rows: readonly ScoredRow[]): AggregatedMetrics {
  const matrix: Record<string, Record<string, number>> = {};
  const mean_over_meta: Record<string, number> = {};
  for (const [criterion, byMeta] of group(rows, (r) => r.criteria_name, (r) => r.meta)) {
    const cells: Record<string, number> = {};
    for (const [meta, values] of byMeta) cells[meta] = mean(values);
    matrix[criterion] = cells;
    mean_over_meta[criterion] = mean(Object.values(cells));
  }

  const nonBinary = rows.filter((r) => !r.binary);
  const mean_over_criteria: Record<string, number> = {};
  for (const [meta, byCriterion] of group(nonBinary, (r) => r.meta, (r) => r.criteria_name)) {
    mean_over_criteria[meta] = mean([...byCriterion.values()].map(mean));
  }

  const grand_mean = nonBinary.length > 0 ? mean(nonBinary.map((r) => r.normalized)) : null;
  return { matrix, mean_over_meta, mean_over_criteria, grand_mean };
}
