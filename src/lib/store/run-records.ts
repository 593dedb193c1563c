/**
 * Records of evaluation runs and the judgment cache. Owned by src/lib/run/.
 * Non-indexed fields may grow; indexed ones are declared in db.ts.
 */

export interface RunRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  status: 'draft' | 'queued' | 'running' | 'paused' | 'done' | 'cancelled';
  /** Settings the run was created with (judge, sampling, concurrency, retries…). */
  settings: unknown;
}

export interface AnswerRecord {
  runId: string;
  prompt_id: number;
  answer: string;
  source: 'paste' | 'import' | 'generate' | 'dataset';
}

/** One unit of queued work: (instruction, answer, criterion) in a run. */
export interface JobRecord {
  runId: string;
  /** `${prompt_id}|${criterionIndex}` (or similar), unique within the run. */
  jobId: string;
  /** Position in the random stratified order. */
  order: number;
  status: 'pending' | 'running' | 'done' | 'unparsed' | 'failed';
  cacheKey: string;
  attempts: number;
  updatedAt: number;
  [extra: string]: unknown;
}

/** A cached judgment, keyed by the content hash of everything that determines it. */
export interface JudgmentRecord {
  cacheKey: string;
  raw: string;
  createdAt: number;
  [extra: string]: unknown;
}

export interface DraftRecord {
  key: string;
  data: unknown;
  updatedAt: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}
