/**
 * The app's one IndexedDB database (dexie), with a versioned schema. Everything the app keeps
 * locally lives here: the dataset cache (keyed by dataset and revision), the taxonomy, runs,
 * their queues and the content-keyed judgment cache. Nothing here is ever sent anywhere.
 *
 * The database is created by `openPolluxDB(name?)` so tests (fake-indexeddb) can open an
 * isolated instance; the app's one shared instance is `getDB()` in src/state/db.ts, and every
 * module under src/lib/ takes the database as a parameter.
 *
 * Schema changes: add a new `this.version(n + 1).stores({...})` with only the changed tables,
 * never edit a released version.
 */
import Dexie, { type Table } from 'dexie';
import type { DataChunk, DatasetRecord, DetailRecord, TaxonomyRecord } from './data-records.ts';
import type { AnswerRecord, DraftRecord, JobRecord, JudgmentRecord, RunRecord, SettingRecord } from './run-records.ts';

export class PolluxDB extends Dexie {
  datasets!: Table<DatasetRecord, string>;
  chunks!: Table<DataChunk, [string, string, number]>;
  details!: Table<DetailRecord, [string, number]>;
  taxonomy!: Table<TaxonomyRecord, string>;
  runs!: Table<RunRecord, string>;
  answers!: Table<AnswerRecord, [string, number]>;
  jobs!: Table<JobRecord, [string, string]>;
  judgments!: Table<JudgmentRecord, string>;
  drafts!: Table<DraftRecord, string>;
  settings!: Table<SettingRecord, string>;

  constructor(name = 'pollux-web') {
    super(name);
    this.version(1).stores({
      datasets: 'key, updatedAt',
      chunks: '[datasetKey+file+rowGroup], datasetKey, [datasetKey+kind]',
      details: '[datasetKey+prompt_id], datasetKey',
      taxonomy: 'key',
      runs: 'id, updatedAt',
      answers: '[runId+prompt_id], runId',
      jobs: '[runId+jobId], runId, [runId+status], [runId+order], [runId+status+order], cacheKey',
      judgments: 'cacheKey, createdAt',
      drafts: 'key',
      settings: 'key',
    });
    // Every job write updates every index, and a replay rewrites all of a run's jobs: the
    // [runId+status+order] and cacheKey indexes were never queried, so they only cost writes.
    this.version(2).stores({
      jobs: '[runId+jobId], runId, [runId+status], [runId+order]',
    });
  }
}

export function openPolluxDB(name?: string): PolluxDB {
  return new PolluxDB(name);
}
