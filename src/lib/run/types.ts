/**
 * The contract of evaluation runs: what a run is configured with, what each judgment ends as,
 * and how progress is reported. The run machinery (queue, cache, runner) produces these; the
 * Evaluate and Results pages, exports and metrics consume them.
 */
import type { AnswerEntry, InstructionRow, Rubrics } from '../pollux/types.ts';
import type { DecodingConstraint, OutputFormat, SamplingParams } from '../judge/engine.ts';
import type { AttemptMode, RunSettings } from '../store/run-records.ts';

export type { AttemptMode };

/**
 * How one judgment ended. A failed parse is never a score, and neither is a prompt that could
 * not fit the context ('too-long', job status 'failed') or an output cut by the window or
 * max_tokens ('truncated', job status 'unparsed'): both are counted apart from scores, never
 * cached as a success and never retried identically.
 */
export type JudgmentOutcome =
  | { kind: 'score'; score: number; feedback: string }
  | { kind: 'unparsed'; reason: string }
  | { kind: 'truncated'; reason: 'length' | 'no-finish'; message: string }
  | { kind: 'too-long'; message: string }
  | { kind: 'error'; code: string; message: string };

/** A judgment as the Results page, exports and metrics see it. */
export interface JudgmentRow {
  runId: string;
  jobId: string;
  prompt_id: number;
  criteria_name: string;
  rubrics: Rubrics;
  /** Empty until judged. */
  raw: string;
  status: 'pending' | 'running' | 'done' | 'unparsed' | 'failed';
  outcome: JudgmentOutcome | null;
  /** True when the judgment came from the cache rather than a new engine call. */
  cached: boolean;
  attempts: number;
  /** How the settling attempt decoded: free (as POLLUX runs its judges), grammar/regex-constrained, or at a higher temperature. */
  mode?: AttemptMode;
  /** Where the judgment came from when it is not this machine's own work: a run bundle (file name, when imported). */
  imported?: { from: string; at: number };
  usage?: { promptTokens: number; completionTokens: number };
  /** The exact prompt the judge saw. */
  prompt: string;
}

export interface RunProgress {
  total: number;
  done: number;
  unparsed: number;
  failed: number;
  pending: number;
  /** Of `done`, how many came from the cache. */
  cached: number;
  /** Seconds to finish at the measured rate; null until measurable. */
  etaS: number | null;
  /** Completion tokens per second over the recent window. */
  tokensPerS: number | null;
  state: 'idle' | 'running' | 'paused' | 'done' | 'cancelled' | 'error' | 'locked-elsewhere';
  /** Last error shown to the user (e.g. device lost, reloading the engine). */
  message?: string;
  /**
   * The live estimate of the grand mean from the instructions judged so far (all their
   * criteria settled), with its 95% interval half-width; null until it can be computed.
   */
  estimate?: { mean: number; halfWidth: number; instructions: number } | null;
  /** Why a run ended before judging every job: its precision target was reached. */
  stoppedBy?: 'precision';
  /** Of `failed`, prompts that cannot fit the judge's context window. */
  tooLong?: number;
  /** Of `unparsed`, outputs cut by the window or max_tokens. */
  truncated?: number;
}

/** Everything needed to create a run; the run machinery expands it into one job per (instruction, criterion). */
export interface CreateRunInput {
  name: string;
  settings: RunSettings;
  /** The instructions to judge, each with its own criteria (dataset or custom). */
  instructions: InstructionRow[];
  answers: AnswerEntry[];
  answerSource: 'paste' | 'import' | 'generate' | 'dataset';
  /** Optional stratified sample: only these prompt_ids are queued (planner output). */
  sampleIds?: number[];
  /** Stratum of each instruction (e.g. `task_type|difficulty`), for the random stratified order. */
  strata?: Record<number, string>;
}

/** What the planner shows before a run starts. */
export interface RunPlan {
  judgments: number;
  /** Of those, already in the judgment cache (free). */
  cached: number;
  /** Of those, prompts that cannot fit the judge's context window (they will settle as 'too-long'). */
  tooLong: number;
  /** Estimated tokens of the longest prompt, for choosing a context size. */
  longestPromptTokens: number;
  estPromptTokens: number;
  estCompletionTokens: number;
  /** Estimated seconds at the engine's measured speed; null when no speed is known yet. */
  estSeconds: number | null;
  strata: { stratum: string; instructions: number; judgments: number }[];
}

/** Speed of the judge as measured on this device (or reported by the endpoint), for the planner. */
export interface EngineSpeed {
  promptTokensPerS: number;
  decodeTokensPerS: number;
  /** Judgments in flight at once; endpoints batch them, so throughput grows with it. Default 1. */
  concurrency?: number;
}

/** What a cache-key hash covers: everything that determines the judge's output. */
export interface CacheKeyParts {
  judgeModelId: string;
  weightsRevision: string;
  prompt: string;
  sampling: SamplingParams;
  outputFormat: OutputFormat;
  /** Constrained decoding is other work; absent for free decoding (keys made before constraints existed stay valid). */
  constraint?: DecodingConstraint;
}

/**
 * The lock that keeps two tabs from running the same queue. Mirrors `navigator.locks.request`:
 * with `wait: false` (`ifAvailable`) the callback gets `held = false` at once when another holder
 * has it; with `wait: true` it waits (until `signal` aborts: then it rejects). The lock is held
 * until the callback's promise settles.
 */
export interface RunLocks {
  request<T>(name: string, options: { wait: boolean; signal?: AbortSignal }, callback: (held: boolean) => Promise<T>): Promise<T>;
}

/** One located problem in an imported run bundle, e.g. `{ path: 'jobs[3].cacheKey', message: … }`. */
export interface BundleIssue {
  path: string;
  /** English detail (the UI shows it beside the path). */
  message: string;
  /** Set when the whole file is wrong; the UI says in a sentence what was expected. */
  code?: 'too-large' | 'not-json' | 'not-a-bundle' | 'version';
  params?: Record<string, string | number>;
}

export type BundleImportResult =
  /**
   * `stored`: the judgments kept with the new run; `duplicates`: the bundle's own repeats plus
   * those this browser's cache already has; `earlier`: the name of a run imported before from the
   * same bundle (same name, creation and export time), so a second import is not a surprise.
   */
  | { ok: true; runId: string; stored: number; duplicates: number; earlier?: string }
  | { ok: false; errors: BundleIssue[] };

export const RUN_BUNDLE_FORMAT = 'pollux-web-run';
export const RUN_BUNDLE_VERSION = 1;

/** One job as a run bundle carries it (no runId: the importing machine assigns its own). */
export interface BundleJob {
  jobId: string;
  order: number;
  prompt_id: number;
  criterionIndex: number;
  criteria_name: string;
  status: JudgmentRow['status'];
  cacheKey: string;
  attempts: number;
  attemptKeys: string[];
  /** Decoding mode of each attempt; absent in older bundles (every attempt then decoded freely). */
  attemptModes?: AttemptMode[];
  resultKey?: string;
  cached?: boolean;
  truncated?: 'length' | 'no-finish';
  error?: { code: string; message: string };
}

export interface BundleJudgment {
  cacheKey: string;
  raw: string;
  createdAt: number;
  usage?: { promptTokens: number; completionTokens: number };
  finish?: 'length' | 'no-finish';
}

/**
 * A whole run in one JSON file, for another machine: settings, the instructions as judged
 * (with criteria), answers, jobs and every judgment they point at, each under its cache key.
 */
export interface RunBundle {
  format: typeof RUN_BUNDLE_FORMAT;
  version: typeof RUN_BUNDLE_VERSION;
  exportedAt: string;
  run: {
    id: string;
    name: string;
    createdAt: number;
    status: 'draft' | 'queued' | 'running' | 'paused' | 'done' | 'cancelled';
    settings: RunSettings;
    answerSource: CreateRunInput['answerSource'];
  };
  instructions: InstructionRow[];
  answers: { prompt_id: number; answer: string; stratum?: string }[];
  jobs: BundleJob[];
  judgments: BundleJudgment[];
}
