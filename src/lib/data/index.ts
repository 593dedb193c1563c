/** POLLUX data loading: config, range reads, parquet decoding, cache, join, filters. */
// The parquet readers (reader.ts, decode.ts, parquet-file.ts: hyparquet) are exported as types only:
// the page reads through its data workers, and a value export here would put hyparquet into the
// page's start-up script (lazy-reader.ts loads the main-thread fallback on demand).
export * from './config.ts';
export * from './errors.ts';
export * from './options.ts';
export * from './range-fetch.ts';
export * from './redirects.ts';
export * from './schedule.ts';
export * from './coalesce.ts';
export * from './throttle.ts';
export * from './progress.ts';
export * from './text.ts';
export * from './columns.ts';
export * from './chunk.ts';
export * from './values.ts';
export type { FileTail } from './parquet-file.ts';
export type { DetailRow, FileLayout } from './decode.ts';
export type { ChunkStore, DataReader, ExpertFileRequest, OpenedFile, ReaderDeps, ReaderHooks } from './reader.ts';
export { LazyReader } from './lazy-reader.ts';
export * from './join.ts';
export * from './snapshot.ts';
export * from './expert-table.ts';
export * from './filter.ts';
export * from './details.ts';
export * from './cache.ts';
export * from './source.ts';
export * from './json.ts';
export * from './loader.ts';
export * from './open.ts';
export * from './worker-protocol.ts';
export * from './worker-client.ts';
export type * from './types.ts';
export * from './taxonomy-source.ts';
export { shouldFallBackToSample } from './fallback.ts';
