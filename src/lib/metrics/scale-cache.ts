/**
 * Turns one (prompt, criterion, rubric, raw score) into the core library's ScoredRow with
 * metrics.py's per-judgment rules (scale check, normalisation by max, binary detection), using
 * the core's own scale functions, memoised per rubric: 161k expert rows share ~125 rubrics and
 * the scale parser is regex-based.
 */
import { CRITICAL_CRITERIA_NAMES, isBinaryScale, parseScaleBounds } from '../pollux/index.ts';
import type { GateMode, Rubrics, ScoredRow } from '../pollux/types.ts';

interface ScaleInfo {
  bounds: [number, number] | null;
  binary: boolean;
}

export class ScaleCache {
  #byText = new Map<string, ScaleInfo>();
  readonly #gate: GateMode;
  readonly #critical: ReadonlySet<string>;

  constructor(gate: GateMode, criticalNames: readonly string[] = CRITICAL_CRITERIA_NAMES) {
    this.#gate = gate;
    this.#critical = new Set(criticalNames);
  }

  info(rubrics: Rubrics | null): ScaleInfo {
    const key = rubrics === null ? '' : typeof rubrics === 'string' ? rubrics : JSON.stringify(rubrics);
    let info = this.#byText.get(key);
    if (!info) {
      info = { bounds: parseScaleBounds(rubrics), binary: isBinaryScale(rubrics) };
      this.#byText.set(key, info);
    }
    return info;
  }

  /** A kept row (gates not applied yet), or null when the score lies outside the rubric's scale. */
  score(prompt_id: number, criteria_name: string, meta: string, rubrics: Rubrics | null, raw: number, feedback = ''): ScoredRow | null {
    if (!Number.isFinite(raw)) return null;
    const { bounds, binary } = this.info(rubrics);
    if (bounds !== null && (raw < bounds[0] || raw > bounds[1])) return null;
    // metrics.py keeps an unscaled score as is; a max of 0 cannot normalise (Python raises) — drop it.
    if (bounds !== null && bounds[1] === 0) return null;
    const normalized = bounds === null ? raw : raw / bounds[1];
    const gate = binary && (this.#gate === 'official' || this.#critical.has(criteria_name));
    return {
      prompt_id,
      criteria_name,
      meta,
      rubrics,
      raw,
      normalized_ungated: normalized,
      normalized,
      binary,
      gate,
      gated: false,
      feedback,
    };
  }
}

/**
 * The core library's applyGates, in place: rows here are freshly built and owned by the caller,
 * and copying 161k rows just to set two fields costs more than the rest of the scoring step.
 * Same rule: any gate row of a prompt with raw ≠ 0 sets every normalised score of that prompt to 0.
 */
export function gateInPlace(rows: ScoredRow[]): ScoredRow[] {
  const failed = new Set<number>();
  for (const row of rows) if (row.gate && row.raw !== 0) failed.add(row.prompt_id);
  if (failed.size === 0) return rows;
  for (const row of rows) {
    if (failed.has(row.prompt_id)) {
      row.normalized = 0;
      row.gated = true;
    }
  }
  return rows;
}
