/** Answers in and results out: importers (answers.json, JSONL, CSV), exporters (answers.json, scores.json, CSV) and answer generation. Pure. */
export * from './limits.ts';
export * from './issues.ts';
export { decodeUtf8, firstInvalidUtf8, type DecodeResult } from './decode.ts';
export { scanJson, isJsonObject, type JsonValue, type JsonObject, type ScanResult } from './json-scan.ts';
export { lineIndex, type LineIndex } from './lines.ts';
export { validateEntries, type AnswerScope, type CandidateEntry } from './validate.ts';
export { importAnswers, importAnswersText, checkImportSize, formatFromName, sniffFormat } from './import-answers.ts';
export { answersJson, buildAnswersFile, modelDirName, POLLUX_INSTRUCTIONS_DATASET, POLLUX_INSTRUCTIONS_SPLIT } from './export-answers.ts';
export { scoresJson, buildScores, inScorePyOrder, type ScoresExport } from './export-scores.ts';
export { readScoresJson, scoresRunBundle, type ScoresLayout, type ScoresReadResult, type ScoresRunInput } from './import-scores.ts';
export { judgmentsCsv, JUDGMENT_CSV_COLUMNS } from './export-csv.ts';
export { etaSeconds } from './eta.ts';
export {
  generateAnswers,
  answerRequest,
  ANSWER_PY_DEFAULTS,
  ANSWER_README_EXAMPLE,
  type GenerateParams,
  type GeneratedItem,
  type GenerateProgress,
  type GenerateOutcome,
} from './generate.ts';
export {
  filterJudgments,
  filterFromResultsQuery,
  resultsQueryFromFilter,
  outcomeKind,
  countOutcomes,
  OUTCOME_KINDS,
  type OutcomeKind,
  type JudgmentFilter,
  type FilterContext,
  type OutcomeCounts,
} from './judgment-filter.ts';
export {
  buildCustomInstructions,
  checkCriterion,
  customPromptId,
  CUSTOM_ID_BASE,
  type CustomInstructionDraft,
  type CustomCriterionDraft,
  type CriterionCheck,
  type CustomBuild,
} from './custom.ts';
