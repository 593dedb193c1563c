/**
 * The data Web Worker: fetches byte ranges and decodes parquet off the main thread, so the page
 * stays responsive while ~160k rows stream in. It keeps opened files' footers and the redirect
 * targets of `resolve/` links for the page's lifetime; the page owns the cache and the order of
 * work. Speaks src/lib/worker/rpc.ts (worker-host.ts). Created with
 * `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`.
 */
/// <reference lib="webworker" />
import { openPolluxDB, type PolluxDB } from '../store/db.ts';
import { ParquetReader } from './reader.ts';
import { ResolvedUrls } from './redirects.ts';
import { hostReader } from './worker-host.ts';

let db: PolluxDB | null = null;
hostReader(
  self as unknown as DedicatedWorkerGlobalScope,
  (hooks) => new ParquetReader({ fetch: (input, init) => fetch(input, init), redirects: new ResolvedUrls(), ...hooks }),
  // Its own connection to the app's database: the streamed row groups are stored from here.
  () => (db ??= openPolluxDB()),
);
