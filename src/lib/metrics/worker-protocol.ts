/** Typed messages between the metrics worker and its owner (src/state/metrics.svelte.ts). */
import type { MetricsTask, MetricsTaskResult } from './tasks.ts';

export type WorkerRequest = { id: number } & MetricsTask;

export type WorkerResponse =
  | { id: number; kind: 'progress'; done: number; total: number }
  | { id: number; kind: 'result'; result: MetricsTaskResult; ms: number }
  | { id: number; kind: 'error'; message: string };
