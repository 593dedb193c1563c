/** POLLUX data loading: config, range reads, parquet decoding, cache, join, filters. */
export * from './config.ts';
export * from './errors.ts';
export * from './range-fetch.ts';
export * from './text.ts';
export * from './columns.ts';
export * from './chunk.ts';
export * from './values.ts';
export * from './decode.ts';
export * from './join.ts';
export * from './filter.ts';
export * from './details.ts';
export * from './cache.ts';
export * from './source.ts';
export * from './loader.ts';
export * from './worker-protocol.ts';
export * from './worker-client.ts';
export type * from './types.ts';
export * from './taxonomy-source.ts';
