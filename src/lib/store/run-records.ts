/**
 * Records of evaluation runs and the judgment cache. Owned by src/lib/run/.
 * Non-indexed fields may grow; indexed ones are declared in db.ts.
 *
 * Layout: a run (RunRecord) owns its answers (one AnswerRecord per instruction, which also
 * carries the instruction snapshot, so a run never depends on the dataset cache still being
 * there) and its jobs (one JobRecord per (instruction, criterion)). Judge outputs live in the
 * shared, content-keyed `judgments` table, which outlives runs: a job only points at it.
 */
import type { InstructionRow } from '../pollux/types.ts';
import type { SamplingParams } from '../judge/engine.ts';
import type { JudgeSpec } from '../judge/spec.ts';

/**
 * How an attempt decoded: 'free' as POLLUX runs its judges (a retry in this mode only shifts the
 * seed); 'grammar' (web-llm) or 'regex' (vLLM structured output) constrained to the rubric's
 * `[FEEDBACK] … [RESULT] n [END]`; 'temperature' sampled hotter when no constraint is available.
 */
export type AttemptMode = 'free' | 'grammar' | 'regex' | 'temperature';

/** What a run is configured with, stored in its record. */
export interface RunSettings {
  judge: JudgeSpec;
  sampling: SamplingParams;
  /** Attempts for an unparsable output before it is kept as 'unparsed'. */
  maxParseRetries: number;
  /** Which answers were judged: a candidate model's (paste/import/generate) or a reference model's from the dataset. */
  answersFrom: { kind: 'candidate'; model: string } | { kind: 'dataset'; model_id: string };
  /** Dataset the instructions came from (DatasetRecord.key). */
  datasetKey: string;
  /** Seed of the random stratified order. */
  orderSeed: number;
  /** Custom instructions/criteria ("custom criteria" mode) carried by the run itself. */
  custom?: boolean;
  /**
   * Stop judging once the grand mean's 95% interval is at most ± this much (e.g. 0.05).
   * Absent: judge every queued job. The stratified order makes every prefix a fair sample.
   */
  precisionStop?: number;
  /**
   * Set when the planner judged a stratified sample: how many instructions (with answers) were
   * chosen before sampling. The Results page then says the estimates come from a sample.
   */
  sampledFrom?: number;
  /** Constrain every attempt, the first included (default: only retries; first attempts decode freely as POLLUX does). */
  constrainAll?: boolean;
}

export interface RunRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  status: 'draft' | 'queued' | 'running' | 'paused' | 'done' | 'cancelled';
  /** Settings the run was created with (judge, sampling, concurrency, retries…). */
  settings: RunSettings;
  /** Number of jobs; fixed at creation. */
  total?: number;
  /** Chosen instructions that had no answer and so got no jobs. */
  skippedNoAnswer?: number[];
  /** Why the run stopped, when it stopped on an error (shown on the Evaluate page). */
  message?: string;
  answerSource?: 'paste' | 'import' | 'generate' | 'dataset';
  /** Set when the run stopped itself because its precision target was reached. */
  stoppedBy?: 'precision';
  /** The live estimate when the run last stopped (precision stop). */
  estimate?: { mean: number; halfWidth: number; instructions: number };
  /**
   * A run imported from a bundle: foreign data. Its judgments are stored apart (importedKey) and
   * serve as cache for this machine's own work only after `trustedAsCache`; an endpoint it names
   * receives nothing until the user confirms it (`endpointConfirmed`).
   */
  imported?: { from: string; at: number; exportedAt: string; trustedAsCache?: boolean; endpointConfirmed?: boolean };
}

export interface AnswerRecord {
  runId: string;
  prompt_id: number;
  answer: string;
  source: 'paste' | 'import' | 'generate' | 'dataset';
  /** The instruction as judged (text, reference, criteria): a snapshot, so the run is self-contained. */
  instruction?: InstructionRow;
  /** Stratum of the instruction (task_type|difficulty) used for the random stratified order. */
  stratum?: string;
}

/** One unit of queued work: (instruction, answer, criterion) in a run. */
export interface JobRecord {
  runId: string;
  /** `${prompt_id}|${criterionIndex}`, unique within the run. */
  jobId: string;
  /** Position in the random stratified order. */
  order: number;
  status: 'pending' | 'running' | 'done' | 'unparsed' | 'failed';
  /** Cache key of the first attempt (attempt k uses seed + k, so its key differs). */
  cacheKey: string;
  attempts: number;
  updatedAt: number;
  prompt_id?: number;
  criterionIndex?: number;
  criteria_name?: string;
  /** Cache keys of the attempts made so far, in order; each attempt's raw text is in `judgments`. */
  attemptKeys?: string[];
  /** Decoding mode of each attempt, aligned with attemptKeys (absent: all free, as before modes existed). */
  attemptModes?: AttemptMode[];
  /** Settled 'unparsed' because the output was cut (by the window or max_tokens, or a stream that ended early). */
  truncated?: 'length' | 'no-finish';
  /** The settling judgment is the imported run's own (stored under importedKey), not this machine's. */
  imported?: boolean;
  /** Cache key of the judgment that settled the job (done or unparsed). */
  resultKey?: string;
  /** The settling judgment came from the cache, not from a new engine call. */
  cached?: boolean;
  /** Set when status is 'failed'. */
  error?: { code: string; message: string };
  [extra: string]: unknown;
}

/** A cached judgment, keyed by the content hash of everything that determines it. */
export interface JudgmentRecord {
  cacheKey: string;
  raw: string;
  createdAt: number;
  usage?: { promptTokens: number; completionTokens: number };
  /** Which engine produced it (model id, revision), for provenance when bundles travel. */
  engine?: string;
  /** How it was decoded (absent: free). */
  mode?: AttemptMode;
  /** The output was cut: kept for display, never a cache hit that settles a job. */
  finish?: 'length' | 'no-finish';
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
