/** Statistics the metrics run on: the seeded PRNG and the one cluster-bootstrap kernel. Pure: numbers in, numbers out. */
export { mulberry32, resampleCounts, type Rng } from './prng.ts';
export {
  bootstrapMeans,
  cellIntervals,
  forEachResample,
  percentileInterval,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  type BootstrapOptions,
  type FactoredSums,
  type Interval,
} from './bootstrap.ts';
