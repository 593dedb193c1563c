/**
 * metrics.py's per-score rules and aggregation, written with the core library's own functions
 * (scoreWithinScale, normalizeScore, isBinaryScale, applyGates, aggregateMetrics) one object per
 * row: the oracle the app's typed-array scorer (src/lib/metrics/score.ts, systems.ts) is tested
 * against. Slow and obvious on purpose.
 */
import { aggregateMetrics, applyGates, CRITICAL_CRITERIA_NAMES, isBinaryScale, normalizeScore, parseScaleBounds, scoreWithinScale } from '../../src/lib/pollux/index.ts';
import type { GateMode, Rubrics, ScoredRow } from '../../src/lib/pollux/types.ts';
import type { Dimension, InstructionFacets } from '../../src/lib/metrics/index.ts';

export interface RawScore {
  prompt_id: number;
  criteria_name: string;
  rubrics: Rubrics | null;
  score: number;
}

/** Kept, gated rows of one system (scores of unknown instructions are left out). */
export function scoredRows(scores: readonly RawScore[], instructions: ReadonlyMap<number, InstructionFacets>, gate: GateMode): ScoredRow[] {
  const rows: ScoredRow[] = [];
  for (const s of scores) {
    const ins = instructions.get(s.prompt_id);
    if (!ins || !scoreWithinScale(s.score, s.rubrics)) continue;
    const bounds = parseScaleBounds(s.rubrics);
    if (bounds !== null && bounds[1] === 0) continue;
    const normalized = bounds === null ? s.score : normalizeScore(s.score, s.rubrics);
    const binary = isBinaryScale(s.rubrics);
    const isGate = binary && (gate === 'official' || CRITICAL_CRITERIA_NAMES.includes(s.criteria_name));
    rows.push({ prompt_id: s.prompt_id, criteria_name: s.criteria_name, meta: ins.meta ?? '', rubrics: s.rubrics, raw: s.score, normalized_ungated: normalized, normalized, binary, gate: isGate, gated: false, feedback: '' });
  }
  return applyGates(rows);
}

export { aggregateMetrics };

/**
 * Breakdown means as the UI documents them: per group, the per-instruction sums added in
 * ascending prompt_id order, over non-binary rows (all rows for 'criterion').
 */
export function breakdown(rows: readonly ScoredRow[], instructions: ReadonlyMap<number, InstructionFacets>, dim: Dimension | 'overall', categoryOf: (r: ScoredRow) => string) {
  const groups = new Map<string, Map<number, [number, number]>>();
  for (const r of rows) {
    if (dim !== 'criterion' && r.binary) continue;
    const ins = instructions.get(r.prompt_id);
    const key = dim === 'overall' ? '' : dim === 'criterion' ? r.criteria_name : dim === 'category' ? categoryOf(r) : dim === 'meta' ? r.meta : (ins?.[dim] ?? '');
    const byPrompt = groups.get(key) ?? new Map<number, [number, number]>();
    const cell = byPrompt.get(r.prompt_id) ?? [0, 0];
    cell[0] += r.normalized;
    cell[1] += 1;
    byPrompt.set(r.prompt_id, cell);
    groups.set(key, byPrompt);
  }
  return [...groups.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([key, byPrompt]) => {
      let sum = 0;
      let n = 0;
      for (const [, [s, c]] of [...byPrompt.entries()].sort((a, b) => a[0] - b[0])) {
        sum += s;
        n += c;
      }
      return { key, mean: sum / n, n, instructions: byPrompt.size };
    });
}
