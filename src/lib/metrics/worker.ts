/**
 * The metrics worker: runs metrics + bootstrap off the main thread. Stateless — every request
 * carries its data, so a crashed worker is simply re-created by its owner.
 */
import { runTask } from './tasks.ts';
import type { WorkerRequest, WorkerResponse } from './worker-protocol.ts';

const post = (msg: WorkerResponse) => (self as unknown as Worker).postMessage(msg);

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  const t0 = performance.now();
  try {
    const result = runTask(req, (done, total) => post({ id: req.id, kind: 'progress', done, total }));
    post({ id: req.id, kind: 'result', result, ms: performance.now() - t0 });
  } catch (e) {
    post({ id: req.id, kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
