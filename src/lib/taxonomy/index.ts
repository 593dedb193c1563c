/** POLLUX taxonomy (criteria.json, tasks.json) and its join onto dataset criteria. Pure. */
export * from './criteria.ts';
export * from './domains.ts';
export * from './criterion-index.ts';
export * from './tasks.ts';
export * from './hierarchy.ts';
