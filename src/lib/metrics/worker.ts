/**
 * The metrics worker: runs metrics + bootstrap off the main thread. Its only state is the
 * expert table of the current dataset (ExpertStore), which the owner re-sends to a re-created
 * worker, so a crashed worker is simply replaced.
 */
import { ExpertStore } from './expert-store.ts';
import { runTask } from './tasks.ts';
import type { WorkerRequest, WorkerResponse } from './worker-protocol.ts';

const post = (msg: WorkerResponse) => (self as unknown as Worker).postMessage(msg);
const store = new ExpertStore();
let storeError: string | null = null;

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
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
    const result = runTask(task, (done, total) => post({ id: req.id, kind: 'progress', done, total }));
    post({ id: req.id, kind: 'result', result, ms: performance.now() - t0 });
  } catch (e) {
    post({ id: req.id, kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
