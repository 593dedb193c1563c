/**
 * The owner side of the metrics worker: requests by id, a crashed worker re-created (up to 3
 * times, then the computation runs on the calling thread so the page still works). The worker
 * itself is stateless, so nothing is lost by re-creating it.
 */
import { runTask, type MetricsTask, type MetricsTaskResult } from './tasks.ts';
import type { WorkerRequest, WorkerResponse } from './worker-protocol.ts';

const MAX_WORKER_RESTARTS = 3;

export class MetricsWorkerClient {
  #worker: Worker | null = null;
  #restarts = 0;
  #nextId = 1;
  /** Where the last request ran: the page shows it, and the e2e test asserts 'worker'. */
  lastWhere: 'worker' | 'main' | null = null;
  #pending = new Map<number, { resolve: (r: MetricsTaskResult) => void; reject: (e: Error) => void }>();

  #ensure(): Worker | null {
    if (this.#worker) return this.#worker;
    if (typeof Worker === 'undefined' || this.#restarts > MAX_WORKER_RESTARTS) return null;
    const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<WorkerResponse>) => {
      const msg = e.data;
      const p = this.#pending.get(msg.id);
      if (!p || msg.kind === 'progress') return;
      this.#pending.delete(msg.id);
      if (msg.kind === 'result') p.resolve(msg.result);
      else p.reject(new Error(msg.message));
    };
    w.onerror = (e) => {
      // A crashed worker fails everything in flight; the next request starts a fresh one.
      e.preventDefault();
      this.#restarts++;
      this.#worker?.terminate();
      this.#worker = null;
      for (const p of this.#pending.values()) p.reject(new Error(e.message || 'metrics worker crashed'));
      this.#pending.clear();
    };
    this.#worker = w;
    return w;
  }

  run(task: MetricsTask): Promise<MetricsTaskResult> {
    const w = this.#ensure();
    if (!w) {
      this.lastWhere = 'main';
      return Promise.resolve().then(() => runTask(task));
    }
    this.lastWhere = 'worker';
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const req: WorkerRequest = { id, ...task };
      w.postMessage(req);
    });
  }
}

