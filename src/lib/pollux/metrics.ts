import { aggregateMetrics } from './aggregate.ts';
import { scoreJudgments } from './score-rows.ts';
import type { InstructionRow, PolluxMetrics, PolluxMetricsOptions, ScoresEntry } from './types.ts';

/**
 * metrics.py end to end: scores.json entries + POLLUX-instructions rows → the metrics matrix.
 * Defaults to the official gate (every {0,1} criterion); pass `{ gate: 'critical-only' }` to
 * avoid zeroing prompts on Task-specific binary criteria where 1 means good.
 */
export function computePolluxMetrics(
  instructions: readonly InstructionRow[],
  judgments: readonly ScoresEntry[],
  options: PolluxMetricsOptions = {},
): PolluxMetrics {
  const { rows, dropped, unknown_prompt } = scoreJudgments(instructions, judgments, options);
  return { ...aggregateMetrics(rows), dropped, unknown_prompt };
}
