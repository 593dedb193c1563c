/**
 * Metrics beyond metrics.py: breakdowns with intervals, reference models, judge-vs-expert
 * agreement, paired comparison, metrics.csv and share links. Pure; worker.ts /
 * bootstrap-worker.ts are worker entries, not re-exported.
 */
export * from './types.ts';
export { ScaleCache } from './scale-cache.ts';
export { scoreRunRows, emptyCoverage, finishCoverage, type RunJudgment, type ScoredSet } from './run-rows.ts';
export { scoreExpertRows } from './expert-rows.ts';
export { toFacetRows, type CategoryOf } from './facets.ts';
export { computeSystem, computeSystems, prepareSystem, finishSystem, clusterIndexOf, groupLayout, groupTriples, histogramOf, type SystemInput } from './system.ts';
export { computeReport, startReport, type ReportStep, rankSystems, categoryLookup, rubricText, type ReportInput, type CategoryEntry } from './report.ts';
export {
  computeAgreement,
  matchPairs,
  AGREEMENT_DIMENSIONS,
  type AgreementDimension,
  type AgreementReport,
  type AgreementStats,
} from './agreement.ts';
export { pairStats, codes, type Coded } from './agreement-stats.ts';
export { compareSystems, type CompareReport, type CompareRow } from './compare.ts';
export { pyFloatRepr } from './py-float.ts';
export { metricsCsv, csvField } from './csv.ts';
export { encodeShare, decodeShare, sharedInstructions, scoresHash, fnv1a, SHARE_VERSION, type SharePayload, type ShareDecode } from './share.ts';
export { buildSharePayload, sharedJudgments, type ShareSource } from './share-build.ts';
export { runTask, runTaskAsync, type FactoredBootstrapper, type MetricsTask, type MetricsTaskResult, type CompareInput, type CompareSide, type AgreementInput } from './tasks.ts';
export type { WorkerRequest, WorkerResponse, WorkerTaskRequest } from './worker-protocol.ts';
export { toExpertColumns, fromExpertColumns, checkExpertColumns, type ExpertColumns } from './expert-columns.ts';
export { scoreColumns, keptPromptIds, columnarModels, columnarCoverage, type ScoredColumns } from './expert-columnar.ts';
export { columnarSystems, prepareColumnarSystems, type ColumnarSystemsStep } from './expert-columnar-systems.ts';
export { splitFactoredBootstrap, type SliceRunner, type BootstrapWhere, type SplitOptions } from './bootstrap-split.ts';
export { BootstrapHelper, type HelperPort, type OpenHelperPort } from './bootstrap-helper.ts';
export type { HelperRequest, HelperResponse } from './bootstrap-protocol.ts';
export { ExpertStore } from './expert-store.ts';
