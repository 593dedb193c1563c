/**
 * The metrics worker: metrics and bootstrap intervals off the main thread, on one thread.
 * Calls run one at a time in arrival order, so an expert table sent before a task is stored
 * before that task runs. Its only state is that table, which the page re-sends to a re-created
 * worker, so a crashed worker is simply replaced.
 */
/// <reference lib="webworker" />
import { serve } from '../worker/rpc.ts';
import { metricsService, type MetricsApi } from './tasks.ts';

serve<MetricsApi>(self as unknown as DedicatedWorkerGlobalScope, metricsService(), { sequential: true });
