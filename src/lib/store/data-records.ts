/**
 * Records of the data cache (POLLUX datasets and taxonomy). Owned by src/lib/data/.
 * Non-indexed fields may grow; indexed ones are declared in db.ts.
 */

/** One loaded dataset revision: `${repo}@${revision}` or `sample@<version>` or `local:<hash>`. */
export interface DatasetRecord {
  key: string;
  /** What the user chose: huggingface (pinned or other revision), a mirror URL, local files, the bundled sample. */
  source: 'huggingface' | 'mirror' | 'local' | 'sample';
  label: string;
  status: 'loading' | 'complete' | 'failed';
  /** Row groups already cached, so an interrupted load resumes. */
  doneChunks: number;
  totalChunks: number;
  bytesFetched: number;
  updatedAt: number;
  /** Free-form details the loader keeps (file manifest, join report…). */
  info?: unknown;
}

/** A decoded slice of a dataset file (one parquet row group, columnar), stored whole for speed. */
export interface DataChunk {
  datasetKey: string;
  file: string;
  rowGroup: number;
  kind: string;
  /** Columnar payload; shape depends on `kind`. */
  data: unknown;
}

/** Lazily read per-instruction details (answers, annotations, descriptions). */
export interface DetailRecord {
  datasetKey: string;
  prompt_id: number;
  data: unknown;
  fetchedAt: number;
}

/** Pinned taxonomy files (criteria.json, tasks.json) keyed by `${name}@${commit}`. */
export interface TaxonomyRecord {
  key: string;
  data: unknown;
  fetchedAt: number;
  /** Where it was fetched from ('site' or 'github'), shown in the Explorer; absent in old records. */
  origin?: 'site' | 'github';
}
