/** Statistics, one concept per file (after d3-array). Pure: numbers in, numbers out, no I/O. */
export { mean } from './mean.ts';
export { quantile, quantileSorted } from './quantile.ts';
export { rank } from './rank.ts';
export { pearson } from './pearson.ts';
export { spearman } from './spearman.ts';
export { mae } from './mae.ts';
export { exactMatch } from './exact-match.ts';
export { mulberry32, resampleCounts, type Rng } from './prng.ts';
export { groupSums, groupMeans, type GroupedSums } from './grouped-sums.ts';
export {
  clusterBootstrap,
  clusterBootstrapMany,
  percentileInterval,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  type BootstrapOptions,
  type Interval,
} from './bootstrap.ts';
export { pairedBootstrap, type PairedDifference } from './paired-bootstrap.ts';
export { bootstrapRows } from './bootstrap-rows.ts';
export { clusterBootstrapFactored, factoredResampleStats, joinResampleStats, factoredIntervals, type FactoredSums } from './bootstrap-factored.ts';
export { selectInPlace } from './select.ts';
