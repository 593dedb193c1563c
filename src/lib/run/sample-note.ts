/**
 * Whether a run's estimates come from a sample of instructions, and of how many: the one rule
 * behind the note on the Results page and beside the Metrics page's grand mean, so the two
 * pages never disagree about why (or whether) an estimate is a sample's.
 *
 * Three ways a run's estimate is a sample's, each fair because instructions are judged in a
 * seeded random stratified order (every prefix is a proportional sample):
 * - a precision stop: the run judges until the grand mean's 95% interval is narrow enough;
 * - a planner sample: the run was created from a stratified subset of the chosen instructions
 *   (`RunSettings.sampledFrom` holds how many were chosen);
 * - a run stopped part-way (cancelled, paused, or still judging) for any other reason.
 * Pure: pages pass what they count, a unit test checks the rule.
 */
import type { JudgmentRow } from './types.ts';
import type { RunSettings } from '../store/run-records.ts';

export type SampleNote =
  /** The planner sampled `n` of the `of` chosen instructions. */
  | { kind: 'planner'; n: number; of: number }
  /** A precision stop not (yet) reached: `n` of the run's `of` instructions are behind the estimate. */
  | { kind: 'precision'; n: number; of: number; target: number }
  /** The run stopped itself at its precision target with `n` of `of` instructions. */
  | { kind: 'precision-reached'; n: number; of: number; target: number }
  /** The run judged `n` of its `of` instructions for another reason (stopped or still judging). */
  | { kind: 'partial'; n: number; of: number };

export interface SampleFacts {
  settings: Pick<RunSettings, 'precisionStop' | 'sampledFrom'>;
  /** Set when the run stopped itself at its precision target. */
  stoppedBy?: 'precision';
  /** Instructions the run holds (its answers). */
  instructions: number;
  /**
   * Instructions behind the estimate, as the page counts them: Metrics those with kept scores,
   * Results the live estimate's count or those whose every criterion has settled.
   */
  judged: number;
}

export function sampleNote(f: SampleFacts): SampleNote | null {
  const { settings, instructions, judged } = f;
  const target = settings.precisionStop;
  if (target !== undefined) {
    if (f.stoppedBy === 'precision') return { kind: 'precision-reached', n: judged, of: instructions, target };
    if (judged < instructions) return { kind: 'precision', n: judged, of: instructions, target };
  }
  if (settings.sampledFrom !== undefined && settings.sampledFrom > instructions) return { kind: 'planner', n: instructions, of: settings.sampledFrom };
  // No instruction judged yet: there is no estimate to qualify.
  if (judged > 0 && judged < instructions) return { kind: 'partial', n: judged, of: instructions };
  return null;
}

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
