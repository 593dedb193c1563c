/**
 * scores.json exactly as POLLUX's score.py writes it: `[{response, meta: {prompt_id,
 * criteria_name, rubrics}}]` where `response` is the judge's raw text. Unparsed judgments keep
 * their raw text, so metrics.py drops them just as it would drop its own; failed judgments (no
 * output at all) and pending ones have no response and are left out and counted, so the caller
 * can say so next to the download.
 */
import type { ScoresEntry } from '../pollux/types.ts';
import type { JudgmentRow } from '../run/types.ts';

export interface ScoresExport {
  entries: ScoresEntry[];
  included: number;
  unparsedIncluded: number;
  omittedFailed: number;
  omittedPending: number;
}

export function buildScores(rows: readonly JudgmentRow[]): ScoresExport {
  const out: ScoresExport = { entries: [], included: 0, unparsedIncluded: 0, omittedFailed: 0, omittedPending: 0 };
  for (const r of rows) {
    if (r.status === 'failed') {
      out.omittedFailed++;
      continue;
    }
    if (r.status === 'pending' || r.status === 'running') {
      out.omittedPending++;
      continue;
    }
    if (r.status === 'unparsed') out.unparsedIncluded++;
    out.included++;
    out.entries.push({ response: r.raw, meta: { prompt_id: r.prompt_id, criteria_name: r.criteria_name, rubrics: r.rubrics } });
  }
  return out;
}

export function scoresJson(rows: readonly JudgmentRow[]): { text: string; summary: Omit<ScoresExport, 'entries'> } {
  const { entries, ...summary } = buildScores(rows);
  return { text: JSON.stringify(entries, null, 2), summary };
}

/** Criterion position from a job id `${prompt_id}|${criterionIndex}`; 0 when the id has another shape. */
function criterionIndexOf(jobId: string): number {
  const n = Number(jobId.slice(jobId.lastIndexOf('|') + 1));
  return Number.isInteger(n) ? n : 0;
}

/**
 * score.py's order (instruction by instruction, criteria in the dataset's order) instead of the
 * run's random stratified order, so two exports of the same work diff cleanly.
 */
export function inScorePyOrder(rows: readonly JudgmentRow[]): JudgmentRow[] {
  return [...rows].sort((a, b) => a.prompt_id - b.prompt_id || criterionIndexOf(a.jobId) - criterionIndexOf(b.jobId));
}
