/**
 * The dataset's expert scores (criteria_score of the seven reference models) scored exactly as
 * a run is: normalised by the rubric's max, checked against the scale, gated with the same gate
 * mode. Restricted to the instructions a run covered, so a user's model and the reference
 * models are compared on the same prompts.
 *
 * Note on the gate: an expert criteria_score on a binary criterion is a mean of votes and can be
 * fractional (0.5); metrics.py's rule "raw ≠ 0 fails the gate" is kept as is, so one expert
 * flagging a critical failure gates the answer. Documented in the UI.
 */
import type { GateMode, ScoredRow } from '../pollux/types.ts';
import type { ExpertScore } from '../data/types.ts';
import { emptyCoverage, finishCoverage, type ScoredSet } from './run-rows.ts';
import { ScaleCache, gateInPlace } from './scale-cache.ts';
import type { InstructionFacets } from './types.ts';

/** Expert rows per model_id, gated; `promptIds` (when given) restricts to those instructions. */
export function scoreExpertRows(
  experts: readonly ExpertScore[],
  instructions: ReadonlyMap<number, InstructionFacets>,
  gate: GateMode,
  promptIds?: ReadonlySet<number>,
): Map<string, ScoredSet> {
  const scales = new ScaleCache(gate);
  const byModel = new Map<string, { rows: ScoredRow[]; total: number; outOfScale: number }>();
  for (const e of experts) {
    if (promptIds && !promptIds.has(e.prompt_id)) continue;
    const ins = instructions.get(e.prompt_id);
    if (!ins) continue;
    let acc = byModel.get(e.model_id);
    if (!acc) byModel.set(e.model_id, (acc = { rows: [], total: 0, outOfScale: 0 }));
    acc.total++;
    const row = scales.score(e.prompt_id, e.criteria_name, ins.meta ?? '', e.rubrics, e.criteria_score);
    if (row === null) acc.outOfScale++;
    else acc.rows.push(row);
  }
  const out = new Map<string, ScoredSet>();
  for (const id of [...byModel.keys()].sort()) {
    const acc = byModel.get(id);
    if (!acc) continue;
    const rows = gateInPlace(acc.rows);
    out.set(id, { rows, coverage: finishCoverage({ ...emptyCoverage(), total: acc.total, outOfScale: acc.outOfScale }, rows) });
  }
  return out;
}
