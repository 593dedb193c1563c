/**
 * Messages between the metrics worker and its bootstrap helper worker (bootstrap-worker.ts):
 * one slice of resamples of a factored bootstrap per request, answered by id.
 */
import type { BootstrapOptions, FactoredSums } from '../stats/index.ts';

export interface HelperRequest {
  id: number;
  data: FactoredSums;
  options: BootstrapOptions;
  from: number;
  to: number;
}

export type HelperResponse = { id: number; kind: 'stats'; stats: Float64Array } | { id: number; kind: 'error'; message: string };
