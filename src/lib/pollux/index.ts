/** Public surface of the POLLUX core: prompt, output parsing, scales and metrics. Pure, no I/O. */
export type * from './types.ts';
export { POLLUX_PROMPT_TEMPLATE, PROMPT_TEMPLATE_VERSION } from './template.ts';
export { formatPython } from './py-format.ts';
export { renderRubrics } from './rubrics.ts';
export { buildJudgePrompt } from './prompt.ts';
export { NUMBER_SOURCE, PY_SPACE, parsePolluxNumber, pyFloat } from './number.ts';
export { stripThinkTags, splitThink, type ThinkSplit } from './think.ts';
export { parseJudgeOutput, extractScore } from './parse-tagged.ts';
export { parseBareScore } from './parse-bare.ts';
export { parseJudgeOutputFor } from './parse-output.ts';
export {
  parseScaleValues,
  parseScaleLevels,
  parseScaleBounds,
  isBinaryScale,
  scoreWithinScale,
} from './scale.ts';
export { normalizeScore, normalizeInBounds } from './normalize.ts';
export { CRITICAL_CRITERIA_NAMES, criterionKey } from './criteria.ts';
export {
  resolveJudgments,
  applyGates,
  scoreJudgments,
  type ScoredJudgments,
  type DroppedCounts,
} from './score-rows.ts';
export { aggregateMetrics, type AggregatedMetrics } from './aggregate.ts';
export { computePolluxMetrics } from './metrics.ts';
