/**
 * Typed messages between the metrics worker and its owner (src/state/metrics.svelte.ts).
 * 'experts' stores the expert table in the worker once per dataset; a task naming it by
 * `expertsKey` gets those rows instead of carrying (and cloning) them itself.
 */
import type { ExpertColumns } from './expert-columns.ts';
import type { BootstrapWhere } from './bootstrap-split.ts';
import type { MetricsTask, MetricsTaskResult } from './tasks.ts';

export type WorkerTaskRequest = { id: number; expertsKey?: string } & MetricsTask;

export type WorkerRequest = WorkerTaskRequest | { id: number; type: 'experts'; key: string; columns: ExpertColumns };

export type WorkerResponse =
  | { id: number; kind: 'progress'; done: number; total: number }
  /** `bootstrap`: how a report's reference-model bootstrap ran (absent when it had none). */
  | { id: number; kind: 'result'; result: MetricsTaskResult; ms: number; bootstrap?: BootstrapWhere }
  | { id: number; kind: 'error'; message: string };
