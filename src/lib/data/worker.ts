/**
 * The data Web Worker: fetches byte ranges and decodes parquet off the main thread, so the page
 * stays responsive while ~160k rows stream in. It keeps opened files' footers and the redirect
 * targets of `resolve/` links for the page's lifetime; the page owns the cache and the order of
 * work. Speaks src/lib/worker/rpc.ts. Created with
 * `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`.
 */
/// <reference lib="webworker" />
import { serve } from '../worker/rpc.ts';
import { serializeDataError } from './errors.ts';
import { ParquetReader } from './reader.ts';
import { ResolvedUrls } from './redirects.ts';
import { throttle } from './throttle.ts';
import type { DataEvent, DataMethods } from './worker-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let emitEvent: (e: DataEvent) => void = () => {};
const counts = { planned: 0, received: 0 };
const bytes = throttle(() => {
  const e: DataEvent = { type: 'bytes', ...counts };
  counts.planned = 0;
  counts.received = 0;
  emitEvent(e);
}, 100);

const reader = new ParquetReader({
  fetch: (input, init) => fetch(input, init),
  redirects: new ResolvedUrls(),
  onPlanned: (n) => {
    counts.planned += n;
    bytes.poke();
  },
  onBytes: (n) => {
    counts.received += n;
    bytes.poke();
  },
  onWait: (waitS, attempt, url) => emitEvent({ type: 'wait', waitS, attempt, url }),
});

/** Runs a read and sends its last byte counts before its result, so the page's totals are final. */
async function counted<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } finally {
    bytes.flush();
  }
}

serve<DataMethods, DataEvent>(
  scope,
  {
    open: ({ file, tail }, ctx) => {
      emitEvent = ctx.emit;
      return counted(reader.open(file, tail, ctx.signal));
    },
    instructions: ({ file, tail }, ctx) => {
      emitEvent = ctx.emit;
      return counted(reader.instructions(file, tail, ctx.signal));
    },
    experts: async ({ tag, files }, ctx) => {
      emitEvent = ctx.emit;
      await counted(reader.experts(files, (chunk) => ctx.emit({ type: 'chunk', tag, chunk }), ctx.signal));
      return null;
    },
    details: ({ file, tail, ranges }, ctx) => {
      emitEvent = ctx.emit;
      return counted(reader.details(file, tail, ranges, ctx.signal));
    },
    setOptions: (options) => {
      reader.setOptions(options);
      return null;
    },
  },
  { serializeError: serializeDataError },
);
