/**
 * Joins kept ScoredRows (core library) with the instruction facets and criterion category the
 * breakdowns group by. Missing facets become '' (shown as "—"), never dropped: a row without a
 * domain still counts in the overall mean.
 */
import { parseScaleBounds } from '../pollux/index.ts';
import type { ScoredRow } from '../pollux/types.ts';
import type { FacetRow, InstructionFacets } from './types.ts';

export type CategoryOf = (criteria_name: string, rubrics: ScoredRow['rubrics']) => string | null;

export function toFacetRows(
  rows: readonly ScoredRow[],
  instructions: ReadonlyMap<number, InstructionFacets>,
  categoryOf: CategoryOf,
): FacetRow[] {
  // categoryOf and the scale parser run regexes; memoise per (rubric, name) — 161k rows share
  // ~125 rubrics. Two-level maps avoid building a long concatenated key per row.
  const memo = new Map<unknown, Map<string, { category: string; scaleMax: number }>>();
  return rows.map((r) => {
    const ins = instructions.get(r.prompt_id);
    const rk = typeof r.rubrics === 'string' || r.rubrics === null ? r.rubrics : JSON.stringify(r.rubrics);
    let byName = memo.get(rk);
    if (byName === undefined) memo.set(rk, (byName = new Map()));
    let known = byName.get(r.criteria_name);
    if (known === undefined) {
      const bounds = parseScaleBounds(r.rubrics);
      known = {
        category: categoryOf(r.criteria_name, r.rubrics) ?? '',
        scaleMax: bounds === null || bounds[1] === 0 ? 1 : bounds[1],
      };
      byName.set(r.criteria_name, known);
    }
    return {
      prompt_id: r.prompt_id,
      criteria_name: r.criteria_name,
      meta: r.meta,
      difficulty: ins?.difficulty ?? '',
      task_type: ins?.task_type ?? '',
      domain: ins?.domain ?? '',
      category: known.category,
      raw: r.raw,
      normalized: r.normalized,
      scaleMax: known.scaleMax,
      binary: r.binary,
      gated: r.gated,
    };
  });
}
