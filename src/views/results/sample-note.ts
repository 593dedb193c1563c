/**
 * Whether a run's estimates come from a sample of its instructions, and of how many: a run with a
 * precision stop judges instructions in the stratified random order until the grand mean's 95%
 * interval is narrow enough (every prefix of that order is a fair sample); a planner sample
 * judged a stratified subset of the chosen instructions from the start. Pure: the Results page
 * shows the note, a unit test checks the counting.
 */
import type { JudgmentRow, RunProgress } from '../../lib/run/types.ts';
import type { RunSettings } from '../../lib/store/run-records.ts';

export type SampleNote =
  | { kind: 'planner'; n: number; of: number }
  | { kind: 'precision'; n: number; of: number; target: number }
  | { kind: 'precision-reached'; n: number; of: number; target: number };

/** Instructions whose every criterion has settled (judged, unparsed or failed). */
export function settledInstructions(rows: readonly JudgmentRow[]): number {
  const open = new Set<number>();
  const seen = new Set<number>();
  for (const r of rows) {
    seen.add(r.prompt_id);
    if (r.status === 'pending' || r.status === 'running') open.add(r.prompt_id);
  }
  return seen.size - open.size;
}

export function sampleNote(settings: RunSettings, progress: RunProgress | null, rows: readonly JudgmentRow[], instructions: number): SampleNote | null {
  if (settings.precisionStop !== undefined) {
    const n = progress?.estimate?.instructions ?? settledInstructions(rows);
    const kind = progress?.stoppedBy === 'precision' ? 'precision-reached' : 'precision';
    return { kind, n, of: instructions, target: settings.precisionStop };
  }
  if (settings.sampledFrom !== undefined && settings.sampledFrom > instructions) {
    return { kind: 'planner', n: instructions, of: settings.sampledFrom };
  }
  return null;
}
