import { parseScaleBounds } from './scale.ts';
import type { Rubrics } from './types.ts';

/**
 * POLLUX's normalisation, `(score − min) / (max − min)` over the rubric's declared scale
 * (score_utils.py `normalize_score` at 9179cb4 and the README there; docs/POLLUX.md,
 * "Normalisation"). Equal to `score / max` on every native POLLUX rubric (they start at 0);
 * different on custom scales: 4 on a 1–5 rubric is 0.75.
 *
 * Given precomputed bounds, so a scorer that parses each distinct rubric once can call it per row:
 * - bounds null (the rubric declares no scale): the raw score, as metrics.py keeps it;
 * - a scale with no range (min = max): null, the row cannot be normalised. Python raises
 *   ValueError there and metrics.py stops; this app drops the row instead (counted out of scale).
 */
export function normalizeInBounds(score: number, bounds: readonly [number, number] | null): number | null {
  if (bounds === null) return score;
  const [min, max] = bounds;
  const range = max - min;
  if (range === 0) return null;
  return (score - min) / range;
}

/**
 * (score − min) / (max − min) for a rubric. Unlike Python (which returns the raw score when the
 * rubric declares no scale) this throws, so a caller asking for a normalised score decides
 * explicitly what an unscaled score means; it also throws for a scale with no range.
 */
export function normalizeScore(score: number, rubrics: Rubrics | null | undefined): number {
  const bounds = parseScaleBounds(rubrics);
  if (bounds === null) throw new Error('normalizeScore: the rubric declares no scale, so the score cannot be normalised');
  const normalized = normalizeInBounds(score, bounds);
  if (normalized === null) throw new Error('normalizeScore: cannot normalise on a scale whose minimum equals its maximum');
  return normalized;
}
