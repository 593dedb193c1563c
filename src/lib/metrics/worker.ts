/**
 * The metrics worker: runs metrics + bootstrap off the main thread. Its only state is the
 * expert table of the current dataset (ExpertStore), which the owner re-sends to a re-created
 * worker, so a crashed worker is simply replaced.
 *
 * A report's reference-model bootstrap is split with a nested, stateless helper worker
 * (bootstrap-worker.ts, bootstrap-split.ts): half the resamples each, on two cores. Where a
 * nested worker can't be created, or it fails or stalls, the bootstrap runs here alone.
 * Messages are handled one at a time, in order (a report awaits its helper): an 'experts'
 * message never replaces the table under a task that was sent before it.
 */
import { BootstrapHelper } from './bootstrap-helper.ts';
import type { HelperResponse } from './bootstrap-protocol.ts';
import { splitFactoredBootstrap, type BootstrapWhere } from './bootstrap-split.ts';
import { ExpertStore } from './expert-store.ts';
import { runTaskAsync } from './tasks.ts';
import type { WorkerRequest, WorkerResponse } from './worker-protocol.ts';

const post = (msg: WorkerResponse) => (self as unknown as Worker).postMessage(msg);
const store = new ExpertStore();
let storeError: string | null = null;

const helper = new BootstrapHelper((onMessage, onFail) => {
  if (typeof Worker === 'undefined') return null;
  const w = new Worker(new URL('./bootstrap-worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<HelperResponse>) => onMessage(e.data);
  w.onerror = (e) => {
    e.preventDefault();
    onFail(e.message || 'bootstrap helper crashed');
  };
  w.onmessageerror = () => onFail('bootstrap helper: unreadable reply');
  return { post: (msg) => w.postMessage(msg), close: () => w.terminate() };
});

async function handle(req: WorkerRequest): Promise<void> {
  if (req.type === 'experts') {
    // No reply: the next task reports a failure to store the table (messages arrive in order).
    try {
      store.put(req.key, req.columns);
      storeError = null;
    } catch (e) {
      storeError = e instanceof Error ? e.message : String(e);
    }
    return;
  }
  const t0 = performance.now();
  try {
    if (req.expertsKey !== undefined && storeError !== null) throw new Error(storeError);
    const task = store.resolve(req, req.expertsKey);
    let bootstrap: BootstrapWhere | undefined;
    const result = await runTaskAsync(
      task,
      async (data, options) => {
        const r = await splitFactoredBootstrap(data, options, helper.available ? helper : null);
        bootstrap = r.where;
        return r.cis;
      },
      (done, total) => post({ id: req.id, kind: 'progress', done, total }),
    );
    post({ id: req.id, kind: 'result', result, ms: performance.now() - t0, bootstrap });
  } catch (e) {
    post({ id: req.id, kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

let queue: Promise<void> = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  queue = queue.then(() => handle(req));
});
