/** What the main-thread fallback reader needs, as one module the page imports on demand (lazy-reader.ts). */
export { ParquetReader } from './reader.ts';
export { ResolvedUrls } from './redirects.ts';
