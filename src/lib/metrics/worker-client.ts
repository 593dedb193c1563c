/**
 * The owner side of the metrics worker: requests by id, a crashed worker re-created (up to 3
 * times, then the computation runs on the calling thread so the page still works).
 *
 * The expert table (161k rows) travels to the worker once per dataset, as columns
 * (expert-columns.ts), not with every request: cloning 161k objects cost more than the whole
 * computation. A re-created worker has lost it, so it is sent again to each new worker.
 */
import type { ExpertScore } from '../data/types.ts';
import type { BootstrapWhere } from './bootstrap-split.ts';
import { toExpertColumns, type ExpertColumns } from './expert-columns.ts';
import { ExpertStore } from './expert-store.ts';
import { runTask, type MetricsTask, type MetricsTaskResult } from './tasks.ts';
import type { WorkerRequest, WorkerResponse } from './worker-protocol.ts';

const MAX_WORKER_RESTARTS = 3;

/** A dataset's expert table under a key that changes whenever the rows do (the dataset key). */
export interface ExpertTable {
  key: string;
  rows: ExpertScore[];
}

export class MetricsWorkerClient {
  #worker: Worker | null = null;
  #restarts = 0;
  #nextId = 1;
  /** Key of the expert table the current worker holds. */
  #sentKey: string | null = null;
  #columns: { key: string; columns: ExpertColumns } | null = null;
  /** The main-thread fallback's copy, so it too converts rows only once. */
  #localStore = new ExpertStore();
  /** Where the last request ran: the page shows it, and the e2e test asserts 'worker'. */
  lastWhere: 'worker' | 'main' | null = null;
  /** How the last report's reference-model bootstrap ran in the worker (two threads: 'split'). */
  lastBootstrap: BootstrapWhere | null = null;
  #pending = new Map<number, { resolve: (r: MetricsTaskResult) => void; reject: (e: Error) => void }>();

  #ensure(): Worker | null {
    if (this.#worker) return this.#worker;
    if (typeof Worker === 'undefined' || this.#restarts > MAX_WORKER_RESTARTS) return null;
    const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.#sentKey = null;
    w.onmessage = (e: MessageEvent<WorkerResponse>) => {
      const msg = e.data;
      const p = this.#pending.get(msg.id);
      if (!p || msg.kind === 'progress') return;
      this.#pending.delete(msg.id);
      if (msg.kind === 'result') {
        this.lastBootstrap = msg.bootstrap ?? null;
        p.resolve(msg.result);
      }
      else p.reject(new Error(msg.message));
    };
    w.onerror = (e) => {
      // A crashed worker fails everything in flight; the next request starts a fresh one.
      e.preventDefault();
      this.#restarts++;
      this.#worker?.terminate();
      this.#worker = null;
      this.#sentKey = null;
      for (const p of this.#pending.values()) p.reject(new Error(e.message || 'metrics worker crashed'));
      this.#pending.clear();
    };
    this.#worker = w;
    return w;
  }

  #columnsOf(table: ExpertTable): ExpertColumns {
    if (this.#columns?.key !== table.key) this.#columns = { key: table.key, columns: toExpertColumns(table.rows) };
    return this.#columns.columns;
  }

  /**
   * Runs a task. With `experts`, the task's own `experts` field is ignored and replaced by that
   * table, which the worker keeps between requests (sent only when its key changes).
   */
  run(task: MetricsTask, experts?: ExpertTable): Promise<MetricsTaskResult> {
    const w = this.#ensure();
    if (!w) {
      this.lastWhere = 'main';
      this.lastBootstrap = 'single';
      return Promise.resolve().then(() => {
        if (!experts) return runTask(task);
        if (this.#localStore.key !== experts.key) this.#localStore.putRows(experts.key, experts.rows);
        return runTask(this.#localStore.resolve(task, experts.key));
      });
    }
    this.lastWhere = 'worker';
    if (experts && this.#sentKey !== experts.key) {
      // Cloned rather than transferred: a typed-array clone is a memcpy (a few ms for 4.5 MB)
      // and the columns stay here for a re-created worker.
      const msg: WorkerRequest = { id: 0, type: 'experts', key: experts.key, columns: this.#columnsOf(experts) };
      w.postMessage(msg);
      this.#sentKey = experts.key;
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const req: WorkerRequest = experts ? { id, expertsKey: experts.key, ...withoutExperts(task) } : { id, ...task };
      w.postMessage(req);
    });
  }
}

/** The task with an empty `experts`, so the rows are not cloned into the message. */
function withoutExperts(task: MetricsTask): MetricsTask {
  switch (task.type) {
    case 'report':
      return { type: 'report', input: { ...task.input, experts: [] } };
    case 'agreement':
      return { type: 'agreement', input: { ...task.input, experts: [] } };
    case 'compare':
      return { type: 'compare', input: { ...task.input, experts: [] } };
  }
}
