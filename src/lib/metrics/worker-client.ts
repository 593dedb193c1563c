/**
 * The page's side of the metrics worker (src/lib/worker/rpc.ts): a crashed worker is re-created
 * (up to 3 times), then the computation runs on the calling thread with the worker's own
 * handlers, so the page still works.
 *
 * The expert table (161k rows) travels to the worker once per dataset, as a score table, not
 * with every request: cloning 161k objects cost more than the whole computation. A re-created
 * worker has lost it, so it is sent again to each new worker.
 */
import { RpcClient, type Endpoint } from '../worker/rpc.ts';
import type { ScoreTable } from './table.ts';
import { metricsService, type MetricsApi, type MetricsTask, type MetricsTaskResult } from './tasks.ts';

const MAX_WORKER_RESTARTS = 3;

/** A dataset's expert table under a key that changes whenever the rows do (the dataset key). */
export interface ExpertTable {
  key: string;
  table: ScoreTable;
}

/** The part of a Worker the client uses. */
export interface WorkerLike extends Endpoint {
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (ev: ErrorEvent) => void): void;
  terminate(): void;
}

/** Starts a metrics worker; null where workers are unavailable. */
export type WorkerFactory = () => WorkerLike | null;

// Vite bundles the worker only when `new URL(…)` is written inside `new Worker(…)`.
const startWorker: WorkerFactory = () => (typeof Worker === 'undefined' ? null : new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));

/**
 * What identifies the metrics code: this module's URL. In a build it is a chunk named by a hash
 * of its content and its imports, and it holds the computation itself (the main-thread fallback,
 * `metricsService`), so any change to the metrics changes it: reports kept by an earlier build
 * are not reused.
 */
export const METRICS_CODE = import.meta.url;

export class MetricsWorkerClient {
  #start: WorkerFactory;
  #current: { worker: WorkerLike; rpc: RpcClient<MetricsApi>; sentKey: string | null } | null = null;
  #restarts = 0;
  /** The main-thread fallback: the worker's handlers, with their own copy of the table. */
  #local = metricsService();
  #localKey: string | null = null;
  /** Where the last request ran: the page shows it, and the e2e test asserts 'worker'. */
  lastWhere: 'worker' | 'main' | null = null;

  constructor(start: WorkerFactory = startWorker) {
    this.#start = start;
  }

  #ensure() {
    if (this.#current || this.#restarts > MAX_WORKER_RESTARTS) return this.#current;
    const worker = this.#start();
    if (!worker) return null;
    const current = { worker, rpc: new RpcClient<MetricsApi>(worker), sentKey: null as string | null };
    worker.addEventListener('error', (e) => {
      // A crashed worker fails everything in flight; the next request starts a fresh one.
      e.preventDefault();
      if (this.#current !== current) return;
      this.#restarts++;
      this.#current = null;
      worker.terminate();
      current.rpc.failAll(new Error(`The metrics worker stopped (${e.message || 'crashed'}); computing again starts a new one.`));
    });
    this.#current = current;
    return current;
  }

  /** Starts the worker ahead of the first task, so its start overlaps reading the run and the expert table. */
  warm(): void {
    this.#ensure();
  }

  /** Runs a task; with `experts`, against that table, which the worker keeps between requests. */
  async run(task: MetricsTask, experts?: ExpertTable): Promise<MetricsTaskResult> {
    const table = experts ?? null;
    const current = this.#ensure();
    if (!current) {
      this.lastWhere = 'main';
      if (table && this.#localKey !== table.key) {
        this.#local.experts(table);
        this.#localKey = table.key;
      }
      return this.#local.run({ task, expertsKey: table?.key ?? null });
    }
    this.lastWhere = 'worker';
    if (table && current.sentKey !== table.key) {
      // Cloned rather than transferred: a typed-array clone is a memcpy (a few ms for 4.5 MB)
      // and the table stays here for a re-created worker.
      await current.rpc.call('experts', table);
      current.sentKey = table.key;
    }
    return current.rpc.call('run', { task, expertsKey: table?.key ?? null });
  }
}
