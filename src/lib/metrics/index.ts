/**
 * Metrics beyond metrics.py: breakdowns with intervals, reference models, judge-vs-expert
 * agreement, paired comparison, metrics.csv and share links. Pure; worker.ts is the worker
 * entry and worker-client.ts its owner, not re-exported.
 */
export * from './types.ts';
export { toScoreTable, expertScoreTable, tableOf, rubricText, type ScoreTable, type RunSide } from './table.ts';
export { computeReport, rankSystems, categoryLookup, type ReportInput, type CategoryEntry } from './report.ts';
export { computeAgreement, matchPairs, pairStats, AGREEMENT_DIMENSIONS, type AgreementDimension, type AgreementReport, type AgreementStats } from './agreement.ts';
export { compareSystems, isSignificant, MIN_INSTRUCTIONS_FOR_SIGNIFICANCE, type CompareInput, type CompareSide, type CompareReport, type CompareRow } from './compare.ts';
export { pyFloatRepr } from './py-float.ts';
export { metricsCsv } from './csv.ts';
export { sharedInstructions, scoresHash, fnv1a, SHARE_VERSION, type SharePayload, type ShareDecode } from './share.ts';
// The codec (encodeShare, decodeShare: fflate and the schemas) is share-codec.ts, not re-exported: importers of
// this barrel would evaluate it with every report.
export { buildSharePayload, sharedJudgments, type ShareSource } from './share-build.ts';
export { runTask, metricsService, type MetricsApi, type MetricsTask, type MetricsTaskResult, type AgreementInput } from './tasks.ts';
export { facetsOf } from './facets.ts';
