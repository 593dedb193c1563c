/**
 * The run loop: takes a stored run's queue and judges it with an engine, so that every job ends
 * exactly once as done, unparsed or failed — across pauses, reloads, crashed tabs and lost GPUs.
 *
 * Guarantees and how they are kept:
 * - One runner per queue: the loop runs inside the run's lock (locks.ts). A second tab shows the
 *   stored progress as 'locked-elsewhere' and waits for the lock; when the first tab goes away
 *   mid-run it takes the run over, otherwise it shows how the run ended. Only the holder resets
 *   jobs a dead tab left 'running' back to 'pending'.
 * - Exactly once: each job is taken from an in-memory queue by one worker; a judgment's cache
 *   write and its job's status update are one dexie transaction, so a crash leaves either both or
 *   neither, and a transaction whose run has vanished (site data cleared) writes nothing.
 *   Identical work in flight twice (same cache key) is generated once and shared.
 * - Identical work never repeats: before the engine is asked, the content-keyed cache is read
 *   (the first pass in bulk, cache-pass.ts), and every retry is different work (attempts.ts).
 * - Engine failures follow engine-slot.ts: rebuild after a lost device or a hang, back off on
 *   network-like errors, fail the judgment or stop the run as the error says.
 * - Pause/cancel abort in-flight calls (AbortSignal into generate) and put their jobs back.
 * - Precision stop: with `settings.precisionStop`, the grand mean's live 95% interval
 *   (precision.ts) is updated as instructions complete; once it is within ±target the runner
 *   takes no new job, lets the ones in flight finish, and ends as done, stoppedBy 'precision'.
 *
 * The engine's lifetime belongs to whoever the factory shares it with: the runner only unloads
 * an engine it is replacing after a device loss.
 *
 * Why one file of ~430 lines: what is left here is the loop that the guarantees above are about
 * (lock, queue, workers, pause and stop); the pieces that stand alone already live beside it
 * (cache-pass, job-feed, judge-job, engine-slot, group-commit, precision).
 */
import { EngineError } from '../judge/errors.ts';
import type { JudgeEngine, LoadProgress } from '../judge/engine.ts';
import type { Rubrics } from '../pollux/types.ts';
import type { PolluxDB } from '../store/db.ts';
import type { AnswerRecord, AttemptMode, JobRecord, JudgmentRecord, RunRecord } from '../store/run-records.ts';
import { availableModes, type AttemptRequest } from './attempts.ts';
import { cachePass } from './cache-pass.ts';
import { EngineSlot, toEngineError, type GenOutcome } from './engine-slot.ts';
import { defaultLocks, runLockName } from './locks.ts';
import { GroupCommit } from './group-commit.ts';
import { JobFeed } from './job-feed.ts';
import { judgeJob, type JobContext } from './judge-job.ts';
import { readJudgments } from './judgment-read.ts';
import { seedTracker, type PrecisionTracker } from './precision.ts';
import { RateMeter } from './progress.ts';
import { waitForHandoff } from './handoff.ts';
import { RunGoneError, storageMessage } from './storage-errors.ts';
import type { RunLocks, RunProgress } from './types.ts';

export interface RunRunnerOptions {
  db: PolluxDB;
  runId: string;
  engineFactory: () => Promise<JudgeEngine> | JudgeEngine;
  onProgress?: (p: RunProgress) => void;
  now?: () => number;
  /** Default: Web Locks where available. Tests inject createMemoryLocks(). */
  locks?: RunLocks;
  /** Waits between transient retries; injectable so tests do not sleep. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** First backoff delay; doubles per retry up to 30 s. Default 1000 ms. */
  backoffMs?: number;
  /** Retries of a network-like error before the job is marked failed. Default 6. */
  maxTransientRetries?: number;
  /** Engine rebuilds one job may trigger before the run pauses. Default 3. */
  maxEngineRebuilds?: number;
  /** No token for this long is a hang (rebuild and retry); three times as long before the first token. Default 60 s. */
  stallMs?: number;
  /** Upper bound on judgments in flight, below engine.maxConcurrency. */
  concurrency?: number;
  onEngineLoad?: (p: LoadProgress) => void;
  /** Minimum ms between progress reports while running (state changes always report). Default 100. */
  progressIntervalMs?: number;
  /** How often a tab waiting for another tab's run refreshes its stored progress. Default 2000 ms. */
  waitPollMs?: number;
  /** Restricts the decoding modes retries may use (the benchmark measures seed-only retries with ['free']). */
  retryModes?: readonly AttemptMode[];
}

type StopReason = { kind: 'pause' } | { kind: 'cancel' } | { kind: 'error'; message: string } | { kind: 'precision' };

/** Uncommitted writes after which a worker waits for the disk (bounds what a crash can lose). */
const MAX_WRITE_BACKLOG = 256;

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class RunRunner {
  readonly #o: Required<Pick<RunRunnerOptions, 'backoffMs' | 'maxTransientRetries' | 'maxEngineRebuilds' | 'progressIntervalMs' | 'stallMs' | 'waitPollMs'>> &
    RunRunnerOptions;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  #loop: Promise<RunProgress> | null = null;
  #abort = new AbortController();
  #stop: StopReason | null = null;
  readonly #slot: EngineSlot;
  #inFlight = new Map<string, Promise<GenOutcome>>();
  #run: RunRecord | null = null;
  #answers = new Map<number, AnswerRecord>();
  #knownMiss = new Set<string>();
  #writer: GroupCommit;
  #meter: RateMeter;
  #precision: PrecisionTracker | null = null;
  #lastEmit = 0;
  #progress: RunProgress = { total: 0, done: 0, unparsed: 0, failed: 0, pending: 0, cached: 0, etaS: null, tokensPerS: null, state: 'idle' };

  constructor(options: RunRunnerOptions) {
    this.#o = { backoffMs: 1000, maxTransientRetries: 6, maxEngineRebuilds: 3, progressIntervalMs: 100, stallMs: 60_000, waitPollMs: 2000, ...options };
    this.#now = options.now ?? (() => Date.now());
    this.#sleep = options.sleep ?? defaultSleep;
    this.#meter = new RateMeter(this.#now());
    this.#writer = new GroupCommit(options.db, options.runId);
    this.#slot = new EngineSlot(
      {
        factory: options.engineFactory,
        onLoad: options.onEngineLoad,
        backoffMs: this.#o.backoffMs,
        maxTransientRetries: this.#o.maxTransientRetries,
        maxEngineRebuilds: this.#o.maxEngineRebuilds,
        stallMs: this.#o.stallMs,
        onResult: (r) => this.#meter.record(this.#now(), r.usage.completionTokens),
      },
      {
        signal: () => this.#abort.signal,
        stopped: () => this.#stop !== null,
        fatal: (err) => this.#fatal(err),
        notice: (message) => this.#emit({ message }, true),
        sleep: (ms, signal) => this.#sleep(ms, signal),
        now: () => this.#now(),
      },
    );
  }

  get progress(): RunProgress {
    return this.#progress;
  }

  /** Engine calls made by this runner (for tests and the benchmark). */
  get engineCalls(): number {
    return this.#slot.calls;
  }

  /** Runs the queue until it is finished, paused, cancelled or stopped by an error. Idempotent while running. */
  start(): Promise<RunProgress> {
    if (this.#loop) return this.#loop;
    this.#stop = null;
    this.#abort = new AbortController();
    const locks = this.#o.locks ?? defaultLocks();
    const name = runLockName(this.#o.runId);
    this.#loop = locks
      .request(name, { wait: false }, async (held) => (held ? this.#runLocked() : null))
      .then(
        (done) =>
          done ??
          waitForHandoff({
            db: this.#o.db,
            runId: this.#o.runId,
            locks,
            lockName: name,
            signal: this.#abort.signal,
            pollMs: this.#o.waitPollMs,
            show: (p) => this.#emit(p, true),
            take: () => (this.#stop ? Promise.resolve(this.#progress) : this.#runLocked()),
          }),
      )
      .finally(() => {
        this.#loop = null;
      });
    return this.#loop;
  }

  /** Stops after aborting in-flight judgments (their jobs go back to pending). */
  async pause(): Promise<void> {
    await this.#halt({ kind: 'pause' });
  }

  /** Starts again after a pause or an error. */
  resume(): Promise<RunProgress> {
    return this.start();
  }

  /** Stops for good: the run is marked cancelled; judgments made so far stay. */
  async cancel(): Promise<void> {
    if (this.#loop && this.#progress.state !== 'locked-elsewhere') return this.#halt({ kind: 'cancel' });
    if (this.#loop) await this.#halt({ kind: 'cancel' });
    await this.#o.db.runs.update(this.#o.runId, { status: 'cancelled', updatedAt: this.#now() });
    this.#emit({ state: 'cancelled' }, true);
  }

  async #halt(reason: StopReason): Promise<void> {
    const loop = this.#loop;
    if (!loop) return;
    this.#stop ??= reason;
    this.#abort.abort();
    await loop;
  }

  #emit(patch: Partial<RunProgress>, force = false): void {
    const now = this.#now();
    const next: RunProgress = { ...this.#progress, ...patch };
    if (next.state === 'running') {
      next.etaS = this.#meter.etaS(now, next.pending);
      next.tokensPerS = this.#meter.tokensPerS(now);
    }
    this.#progress = next;
    if (!force && now - this.#lastEmit < this.#o.progressIntervalMs) return;
    this.#lastEmit = now;
    this.#o.onProgress?.(next);
  }

  async #runLocked(): Promise<RunProgress> {
    const { db, runId } = this.#o;
    const run = await db.runs.get(runId);
    if (!run) {
      this.#emit({ state: 'error', message: `Run ${runId} is not stored in this browser (deleted, or site data was cleared).` }, true);
      return this.#progress;
    }
    this.#run = run;
    if (run.status === 'cancelled') {
      this.#emit({ state: 'cancelled' }, true);
      return this.#progress;
    }
    let jobs: JobRecord[];
    let answers: AnswerRecord[];
    try {
      [jobs, answers] = await db.transaction('rw', db.jobs, db.answers, async () => {
        // Holding the lock proves no live tab runs this queue, so 'running' jobs are leftovers.
        await db.jobs.where('[runId+status]').equals([runId, 'running']).modify({ status: 'pending' });
        return Promise.all([db.jobs.where('runId').equals(runId).toArray(), db.answers.where('runId').equals(runId).toArray()]);
      });
      await db.runs.update(runId, { status: 'running', message: undefined, stoppedBy: undefined, updatedAt: this.#now() });
    } catch (e) {
      this.#emit({ state: 'error', message: storageMessage(e, 'start the run') }, true);
      return this.#progress;
    }
    this.#answers = new Map(answers.map((a) => [a.prompt_id, a]));
    this.#knownMiss = new Set();
    const count = (s: JobRecord['status']) => jobs.filter((j) => j.status === s).length;
    const pending = jobs.filter((j) => j.status === 'pending').sort((a, b) => a.order - b.order);
    this.#meter.reset(this.#now());
    if (run.settings.precisionStop !== undefined) {
      const read = (keys: string[]) => readJudgments(db, keys);
      this.#precision = await seedTracker(jobs, run.settings.judge.outputFormat, read, (j) => this.#criterionOf(j));
    }
    this.#emit(
      {
        total: jobs.length,
        done: count('done'),
        unparsed: count('unparsed'),
        failed: count('failed'),
        pending: pending.length,
        cached: jobs.filter((j) => j.status === 'done' && j.cached === true).length,
        tooLong: jobs.filter((j) => j.error?.code === 'too-long').length,
        truncated: jobs.filter((j) => j.truncated !== undefined).length,
        estimate: this.#precision?.estimate ?? null,
        stoppedBy: undefined,
        state: 'running',
        message: undefined,
      },
      true,
    );
    const feed = new JobFeed<JobRecord>();
    const pass = cachePass(
      {
        db,
        runId,
        settings: run.settings,
        stopped: () => this.#stop !== null,
        now: this.#now,
        knownMiss: this.#knownMiss,
        onSettled: (settled, scores) => {
          settled.forEach((j, i) => this.#track(j, scores[i] ?? null));
          const p = this.#progress;
          this.#emit({ done: p.done + settled.length, cached: p.cached + settled.length, pending: p.pending - settled.length });
        },
      },
      pending,
      feed,
    )
      .catch((e: unknown) => this.#fatal(new EngineError('quota', storageMessage(e, 'save the judgments'), 'free-space', String(e))))
      .finally(() => feed.close());
    await Promise.all([pass, this.#work(feed)]);
    return this.#finish();
  }

  /** A job's criterion as its run judged it (the instruction snapshot). */
  #criterionOf(job: JobRecord): { criteria_name: string; rubrics: Rubrics | null } {
    const c = this.#answers.get(job.prompt_id ?? -1)?.instruction?.criteria[job.criterionIndex ?? 0];
    return { criteria_name: c?.criteria_name ?? job.criteria_name ?? '', rubrics: c?.rubrics ?? null };
  }

  /** Adds a settled job to the precision estimate; stops taking work once the target is reached. */
  #track(job: JobRecord, score: number | null): void {
    const tracker = this.#precision;
    const target = this.#run?.settings.precisionStop;
    if (tracker === null || target === undefined) return;
    const changed = tracker.settle(job.prompt_id ?? -1, { ...this.#criterionOf(job), score });
    if (!changed) return;
    this.#emit({ estimate: tracker.estimate });
    if (tracker.reached(target)) this.#stop ??= { kind: 'precision' };
  }

  async #work(feed: JobFeed<JobRecord>): Promise<void> {
    // A fully cached run never loads the engine (a WebGPU load can take minutes).
    if (!(await feed.ready())) return;
    const engine = await this.#slot.ready();
    if (!engine) return;
    const n = Math.max(1, Math.min(engine.maxConcurrency, this.#o.concurrency ?? Infinity));
    let modes = availableModes(engine.info.constraints);
    if (this.#o.retryModes) modes = modes.filter((m) => this.#o.retryModes?.includes(m));
    const ctx = this.#jobContext(modes, engine.info.contextWindow);
    const worker = async () => {
      while (!this.#stop) {
        const job = await feed.take();
        // Taken but not started when the run stopped: it simply stays pending on disk.
        if (!job || this.#stop) return;
        await judgeJob(ctx, job);
      }
    };
    await Promise.all(Array.from({ length: n }, worker));
  }

  #jobContext(modes: AttemptMode[], contextWindow: number | undefined): JobContext {
    return {
      settings: this.#settings(),
      modes,
      contextWindow,
      answer: (id) => this.#answers.get(id),
      lookup: (key, attempt) => this.#lookup(key, attempt),
      write: (job, judgment) => this.#write(job, judgment),
      settle: (job, judgment, score) => this.#settle(job, judgment, score),
      generate: (key, req, prompt) => this.#generateOnce(key, req, prompt),
      now: this.#now,
    };
  }

  #settings(): RunRecord['settings'] {
    if (!this.#run) throw new Error('run not loaded');
    return this.#run.settings;
  }

  /**
   * Writes a job's new state (with the judgment that settled it, if new) through the group
   * commit. Not awaited by the worker, so a fast judge never waits on IndexedDB; a crash can
   * lose only the last uncommitted batch, whose jobs are still 'pending'/'running' on disk and
   * are judged again on resume (again under the same key: nothing is duplicated). A backlog
   * bound keeps that window small, and a failed commit stops the run with what happened.
   */
  async #write(job: JobRecord, judgment?: JudgmentRecord): Promise<void> {
    if (judgment) this.#knownMiss.delete(judgment.cacheKey);
    const committed = this.#writer.write({ job: { ...job, updatedAt: this.#now() }, judgment });
    committed.catch((e: unknown) => this.#fatal(new EngineError('quota', storageMessage(e, 'save the judgments'), 'free-space', String(e))));
    if (this.#writer.backlog >= MAX_WRITE_BACKLOG) await committed.catch(() => undefined);
  }

  async #lookup(key: string, attempt: number): Promise<JudgmentRecord | undefined> {
    const pending = this.#writer.uncommitted.get(key);
    if (pending) return pending;
    // The first pass already read every first-attempt key in bulk; a miss there is a miss now
    // (only this tab writes this run's keys while it holds the lock).
    if (attempt === 0 && this.#knownMiss.has(key)) return undefined;
    return this.#o.db.judgments.get(key);
  }

  /** Records a job's final state, with the judgment that settled it, as one write. */
  #settle(job: JobRecord, judgment: JudgmentRecord | undefined, score: number | null): void {
    void this.#write(job, judgment);
    const p = this.#progress;
    this.#emit({
      pending: p.pending - 1,
      done: p.done + (job.status === 'done' ? 1 : 0),
      cached: p.cached + (job.status === 'done' && job.cached ? 1 : 0),
      unparsed: p.unparsed + (job.status === 'unparsed' ? 1 : 0),
      failed: p.failed + (job.status === 'failed' ? 1 : 0),
      tooLong: (p.tooLong ?? 0) + (job.error?.code === 'too-long' ? 1 : 0),
      truncated: (p.truncated ?? 0) + (job.truncated !== undefined ? 1 : 0),
    });
    this.#track(job, score);
  }

  /** One generation for `key`, shared with any other worker asking for the same key right now. */
  #generateOnce(key: string, req: AttemptRequest, prompt: string): Promise<GenOutcome> {
    const existing = this.#inFlight.get(key);
    if (existing) return existing;
    const p = this.#slot
      .generate({ messages: [{ role: 'user', content: prompt }], sampling: req.sampling, ...(req.constraint ? { constraint: req.constraint } : {}) })
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, p);
    return p;
  }

  /** Stops the whole run on an error retrying cannot fix; in-flight jobs go back to pending. */
  #fatal(err: EngineError): void {
    this.#stop ??= { kind: 'error', message: err.message };
    this.#abort.abort();
  }

  async #finish(): Promise<RunProgress> {
    const { db, runId } = this.#o;
    await this.#writer.flush();
    const stop = this.#stop;
    const p = this.#progress;
    let status: RunRecord['status'];
    let state: RunProgress['state'];
    let message: string | undefined;
    if (stop?.kind === 'cancel') [status, state] = ['cancelled', 'cancelled'];
    else if (stop?.kind === 'pause') [status, state] = ['paused', 'paused'];
    else if (stop?.kind === 'error') [status, state, message] = ['paused', 'error', stop.message];
    else if (stop?.kind === 'precision' || p.pending === 0) [status, state] = ['done', 'done'];
    else [status, state] = ['paused', 'paused'];
    const stoppedBy = stop?.kind === 'precision' ? 'precision' : undefined;
    const estimate = stoppedBy ? (p.estimate ?? undefined) : undefined;
    try {
      const updated = await db.runs.update(runId, { status, message, stoppedBy, estimate, updatedAt: this.#now() });
      // The run vanished under the queue (site data cleared): never "Finished".
      if (updated === 0) [state, message] = ['error', storageMessage(new RunGoneError(runId), 'finish the run')];
    } catch (e) {
      [state, message] = ['error', storageMessage(e, 'record how the run ended')];
    }
    this.#emit({ state, message, stoppedBy, etaS: state === 'done' ? 0 : null }, true);
    return this.#progress;
  }
}

export { toEngineError };
