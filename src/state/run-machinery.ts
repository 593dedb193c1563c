/**
 * The run machinery runs.svelte.ts loads with import() when an operation first needs it: creating,
 * planning and judging runs, bundles and score imports, and the judge's engines. A page that only
 * lists or reads runs (Metrics, Results) does not carry it (≈ 40 KB gzip of queue, runner, bundle
 * validation, CSV/JSON readers and engine code).
 */
export {
  confirmImportedEndpoint,
  createRun,
  exportRunBundle,
  importRunBundle,
  needsEndpointConfirmation,
  planRun,
  RunInputError,
  RunRunner,
  storageMessage,
  storeRunBundle,
  trustImportedRun,
} from '../lib/run/index.ts';
export { scoresRunBundle } from '../lib/io/index.ts';
export { createEngine } from '../lib/judge/factory.ts';
