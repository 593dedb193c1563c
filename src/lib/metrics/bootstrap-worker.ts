/**
 * The bootstrap helper worker, started by the metrics worker (worker.ts) as a nested dedicated
 * worker: stateless, it computes one slice of resamples of a factored bootstrap per message
 * (factoredResampleStats) and sends the statistics back, transferred. See bootstrap-split.ts.
 */
import { factoredResampleStats } from '../stats/index.ts';
import type { HelperRequest, HelperResponse } from './bootstrap-protocol.ts';

const scope = self as unknown as Worker;
let slices = 0;

scope.addEventListener('message', (event: MessageEvent<HelperRequest>) => {
  const { id, data, options, from, to } = event.data;
  let msg: HelperResponse;
  try {
    msg = { id, kind: 'stats', stats: factoredResampleStats(data, options, from, to) };
  } catch (e) {
    msg = { id, kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
  scope.postMessage(msg, msg.kind === 'stats' ? [msg.stats.buffer] : []);
  // Observable from the e2e test (Playwright evaluates in this worker): slices computed here.
  slices++;
  Reflect.set(globalThis, '__polluxBootstrapSlices', slices);
});
