/**
 * The data Web Worker: fetches byte ranges and decodes parquet off the main thread, so the page
 * stays responsive while ~160k rows stream in. Stateless apart from cached footers; the page
 * owns the cache and the order of work. Created with
 * `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`.
 */
/// <reference lib="webworker" />
import { ParquetDecoder } from './decode.ts';
import { toDataLoadError } from './errors.ts';
import type { RangeFetchOptions } from './range-fetch.ts';
import type { WorkerRequest, WorkerResponse, WorkerResult } from './worker-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: WorkerResponse, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

let controller = new AbortController();
const opts: RangeFetchOptions = {
  fetch: (input, init) => fetch(input, init),
  signal: controller.signal,
  onBytes: (n) => post({ op: 'bytes', n }),
  onWait: (waitS, attempt, url) => post({ op: 'wait', waitS, attempt, url }),
};
const decoder = new ParquetDecoder(opts);

async function run(req: Exclude<WorkerRequest, { op: 'cancel' }>): Promise<[WorkerResult, Transferable[]]> {
  switch (req.op) {
    case 'layout':
      return [{ op: 'layout', layout: await decoder.layout(req.file) }, []];
    case 'list': {
      const chunk = await decoder.listChunk(req.file, req.rowGroup);
      return [{ op: 'list', chunk }, [...Object.values(chunk.strings).map((a) => a.buffer), chunk.is_provocative.buffer, chunk.criteria_score.buffer]];
    }
    case 'instructions':
      return [{ op: 'instructions', rows: await decoder.instructions(req.file) }, []];
    case 'details':
      return [{ op: 'details', rows: await decoder.details(req.file, req.ranges) }, []];
  }
}

scope.onmessage = async (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  if (req.op === 'cancel') {
    controller.abort();
    controller = new AbortController();
    opts.signal = controller.signal;
    return;
  }
  try {
    const [result, transfer] = await run(req);
    post({ id: req.id, ok: true, result }, transfer);
  } catch (err) {
    post({ id: req.id, ok: false, error: toDataLoadError(err).toInfo() });
  }
};
