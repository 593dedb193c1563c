import { CRITICAL_CRITERIA_NAMES } from './criteria.ts';
import { normalizeInBounds } from './normalize.ts';
import { parseJudgeOutput } from './parse-tagged.ts';
import { isBinaryScale, parseScaleBounds, scoreWithinScale } from './scale.ts';
import type {
  InstructionRow,
  PolluxMetrics,
  PolluxMetricsOptions,
  Rubrics,
  ScoredRow,
  ScoresEntry,
} from './types.ts';

export type DroppedCounts = PolluxMetrics['dropped'];

/** The per-judgment step's output: kept rows, why the others were left out, and how many kept rows had no instruction. */
export interface ScoredJudgments {
  rows: ScoredRow[];
  dropped: DroppedCounts;
  unknown_prompt: number;
}

/** rubric per (prompt_id, criteria_name), like metrics.py's id2rubrics (a later duplicate wins). */
function rubricIndex(instructions: readonly InstructionRow[]): Map<number, Map<string, Rubrics>> {
  const index = new Map<number, Map<string, Rubrics>>();
  for (const row of instructions) {
    const byName = new Map<string, Rubrics>();
    for (const c of row.criteria) {
      if (c.rubrics) byName.set(c.criteria_name, c.rubrics);
    }
    index.set(row.prompt_id, byName);
  }
  return index;
}

function isGate(criteria_name: string, binary: boolean, options: PolluxMetricsOptions): boolean {
  if (!binary) return false;
  if ((options.gate ?? 'official') === 'official') return true;
  return (options.criticalNames ?? CRITICAL_CRITERIA_NAMES).includes(criteria_name);
}

/**
 * Steps 1–3 of metrics.py (83f6eb6 with score_utils.py at 9179cb4) for each judgment: parse
 * (first complete block; drop unparsed), find its meta (an unknown prompt_id is kept under meta
 * "", as metrics.py's `id2meta.get(prompt_id, "")`), find its rubric (the entry's own
 * `meta.rubrics` first, else the instruction's — metrics.py's order), drop out-of-scale scores,
 * normalise as (score − min) / (max − min). A scale with no range cannot normalise: Python raises
 * and metrics.py stops; here the row is dropped and counted out of scale. Gates are not applied
 * yet (`gated` false, `normalized` = `normalized_ungated`).
 */
export function resolveJudgments(
  instructions: readonly InstructionRow[],
  judgments: readonly ScoresEntry[],
  options: PolluxMetricsOptions = {},
): ScoredJudgments {
  const metaById = new Map<number, string>(instructions.map((r) => [r.prompt_id, r.meta ?? '']));
  const rubricsById = rubricIndex(instructions);
  const dropped: DroppedCounts = { unparsed: 0, out_of_scale: 0 };
  let unknown_prompt = 0;
  const rows: ScoredRow[] = [];
  for (const entry of judgments) {
    const parsed = parseJudgeOutput(typeof entry.response === 'string' ? entry.response : '');
    if (parsed.kind === 'unparsed') {
      dropped.unparsed += 1;
      continue;
    }
    const { prompt_id, criteria_name } = entry.meta;
    let meta = metaById.get(prompt_id);
    if (meta === undefined) {
      unknown_prompt += 1;
      meta = '';
    }
    const rubrics = entry.meta.rubrics || rubricsById.get(prompt_id)?.get(criteria_name) || null;
    // metrics.py keeps a score whose rubric declares no scale, un-normalised; so does normalizeInBounds.
    const normalized = scoreWithinScale(parsed.score, rubrics) ? normalizeInBounds(parsed.score, parseScaleBounds(rubrics)) : null;
    if (normalized === null) {
      dropped.out_of_scale += 1;
      continue;
    }
    const binary = isBinaryScale(rubrics);
    rows.push({
      prompt_id,
      criteria_name,
      meta,
      rubrics,
      raw: parsed.score,
      normalized_ungated: normalized,
      normalized,
      binary,
      gate: isGate(criteria_name, binary, options),
      gated: false,
      feedback: parsed.feedback,
    });
  }
  return { rows, dropped, unknown_prompt };
}

/**
 * Step 4, the binary gate: when any gate row of a prompt has a raw score other than 0, every
 * normalised score of that prompt becomes 0 — the gate rows included, as in metrics.py. Rows are
 * kept (they still count in the matrix). Returns new rows; the input is not modified.
 */
export function applyGates(rows: readonly ScoredRow[]): ScoredRow[] {
  const failed = new Set<number>();
  for (const row of rows) {
    if (row.gate && row.raw !== 0) failed.add(row.prompt_id);
  }
  return rows.map((row) =>
    failed.has(row.prompt_id)
      ? { ...row, normalized: 0, gated: true }
      : { ...row, normalized: row.normalized_ungated, gated: false },
  );
}

/** Steps 1–4: one ScoredRow per kept judgment, ready for aggregateMetrics or a bootstrap. */
export function scoreJudgments(
  instructions: readonly InstructionRow[],
  judgments: readonly ScoresEntry[],
  options: PolluxMetricsOptions = {},
): ScoredJudgments {
  const resolved = resolveJudgments(instructions, judgments, options);
  return { rows: applyGates(resolved.rows), dropped: resolved.dropped, unknown_prompt: resolved.unknown_prompt };
}
