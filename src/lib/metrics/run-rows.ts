/**
 * A run's judgments → gated ScoredRows + coverage, with metrics.py's rules. The run machinery
 * has already parsed each output (JudgmentOutcome), so nothing is re-parsed here; the rubric is
 * the one the judge saw (the judgment's own, as metrics.py prefers scores.json's `rubrics`).
 */
import type { GateMode, ScoredRow } from '../pollux/types.ts';
import type { JudgmentRow } from '../run/types.ts';
import { ScaleCache, gateInPlace } from './scale-cache.ts';
import type { Coverage, InstructionFacets } from './types.ts';

/** The part of a JudgmentRow metrics read (prompts and raw texts stay behind). */
export type RunJudgment = Pick<JudgmentRow, 'prompt_id' | 'criteria_name' | 'rubrics' | 'status' | 'outcome'>;

export interface ScoredSet {
  rows: ScoredRow[];
  coverage: Coverage;
}

export function emptyCoverage(): Coverage {
  return { total: 0, judged: 0, unparsed: 0, failed: 0, pending: 0, outOfScale: 0, gated: 0, instructions: 0, gatedInstructions: 0 };
}

/** Fills the gate-derived fields of a coverage from gated rows. */
export function finishCoverage(coverage: Coverage, rows: readonly ScoredRow[]): Coverage {
  const all = new Set<number>();
  const gated = new Set<number>();
  let gatedRows = 0;
  for (const r of rows) {
    all.add(r.prompt_id);
    if (r.gated) {
      gated.add(r.prompt_id);
      gatedRows++;
    }
  }
  return { ...coverage, judged: rows.length, gated: gatedRows, instructions: all.size, gatedInstructions: gated.size };
}

export function scoreRunRows(
  judgments: readonly RunJudgment[],
  instructions: ReadonlyMap<number, InstructionFacets>,
  gate: GateMode,
): ScoredSet {
  const scales = new ScaleCache(gate);
  const coverage = emptyCoverage();
  const kept: ScoredRow[] = [];
  for (const j of judgments) {
    coverage.total++;
    const outcome = j.outcome;
    if (outcome === null || j.status === 'pending' || j.status === 'running') {
      coverage.pending++;
      continue;
    }
    if (outcome.kind === 'unparsed' || outcome.kind === 'truncated') {
      coverage.unparsed++;
      continue;
    }
    if (outcome.kind === 'error' || outcome.kind === 'too-long') {
      coverage.failed++;
      continue;
    }
    const ins = instructions.get(j.prompt_id);
    // A judgment of an instruction the app no longer knows has no meta to group by.
    if (!ins) {
      coverage.failed++;
      continue;
    }
    const row = scales.score(j.prompt_id, j.criteria_name, ins.meta ?? '', j.rubrics ?? null, outcome.score, outcome.feedback);
    if (row === null) {
      coverage.outOfScale++;
      continue;
    }
    kept.push(row);
  }
  const rows = gateInPlace(kept);
  return { rows, coverage: finishCoverage(coverage, rows) };
}
