import { parseScaleBounds } from './scale.ts';
import type { Rubrics } from './types.ts';

function boundsOrThrow(rubrics: Rubrics | null | undefined, fn: string): [number, number] {
  const bounds = parseScaleBounds(rubrics);
  // Unlike Python (which returns the raw score), refuse: a caller asking for a normalised score
  // must decide explicitly what an unscaled score means. computePolluxMetrics makes that choice.
  if (bounds === null) throw new Error(`${fn}: the rubric declares no scale, so the score cannot be normalised`);
  return bounds;
}

/**
 * score / scale max (metrics.py at 83f6eb6, the current rule). Throws when the rubric declares
 * no scale, or when its max is 0 (division by zero, as Python's ValueError).
 */
export function normalizeScore(score: number, rubrics: Rubrics | null | undefined): number {
  const [, max] = boundsOrThrow(rubrics, 'normalizeScore');
  if (max === 0) throw new Error('normalizeScore: cannot normalise by a scale whose maximum is 0');
  return score / max;
}

/**
 * (score − min) / (max − min) (metrics.py at 9179cb4 and the README). Equal to normalizeScore
 * whenever min is 0, i.e. for every native POLLUX rubric; they differ only for custom scales
 * such as 1–5 or −2..2. Throws when no scale is declared or min equals max.
 */
export function normalizeScoreMinMax(score: number, rubrics: Rubrics | null | undefined): number {
  const [min, max] = boundsOrThrow(rubrics, 'normalizeScoreMinMax');
  if (max === min) throw new Error('normalizeScoreMinMax: cannot normalise by a scale whose min equals its max');
  return (score - min) / (max - min);
}
