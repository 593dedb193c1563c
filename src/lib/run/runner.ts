/**
 * The run loop: takes a stored run's queue and judges it with an engine, so that every job ends
 * exactly once as done, unparsed or failed — across pauses, reloads, crashed tabs and lost GPUs.
 *
 * Guarantees and how they are kept:
 * - One runner per queue: the loop runs inside the run's lock (locks.ts); a second tab gets
 *   'locked-elsewhere'. Only the holder resets jobs a dead tab left 'running' back to 'pending'.
 * - Exactly once: each job is taken from an in-memory queue by one worker; a judgment's cache
 *   write and its job's status update are one dexie transaction, so a crash leaves either both or
 *   neither. Identical work in flight twice (same cache key) is generated once and shared.
 * - Identical work never repeats: before the engine is asked, the content-keyed cache is read;
 *   a replayed run is pure cache reads (the first pass does them in bulk, see judgment-read.ts).
 * - Unparsable output is retried with seed + attempt (new work, new key, raw kept per attempt),
 *   then settled as 'unparsed' — never as a score. Engine errors are never cached.
 * - Engine errors: device lost / worker dead → unload, rebuild through engineFactory, reload,
 *   retry the job (capped); network-like → exponential backoff (capped), then the job 'failed';
 *   a job-specific error (context window, malformed reply) → that job 'failed'; anything else →
 *   the run pauses with the message and nothing is lost.
 * - Pause/cancel abort in-flight calls (AbortSignal into generate) and put their jobs back.
 *
 * The engine's lifetime belongs to whoever the factory shares it with: the runner only unloads
 * an engine it is replacing after a device loss.
 */
import { EngineError, isEngineError, isTransient } from '../judge/errors.ts';
import type { GenerateResult, JudgeEngine, LoadProgress, SamplingParams } from '../judge/engine.ts';
import { parseJudgeOutputFor } from '../pollux/index.ts';
import type { PolluxDB } from '../store/db.ts';
import type { AnswerRecord, JobRecord, JudgmentRecord, RunRecord } from '../store/run-records.ts';
import { computeCacheKey, judgeIdentity, samplingForAttempt } from './cache-key.ts';
import { judgePromptFor } from './expand.ts';
import { defaultLocks, runLockName } from './locks.ts';
import { GroupCommit } from './group-commit.ts';
import { JobFeed } from './job-feed.ts';
import { readJudgments } from './judgment-read.ts';
import { RateMeter } from './progress.ts';
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
  /** Retries of a network-like error before the job is marked failed. Default 5. */
  maxTransientRetries?: number;
  /** Engine rebuilds one job may trigger before the run pauses. Default 3. */
  maxEngineRebuilds?: number;
  /** Upper bound on judgments in flight, below engine.maxConcurrency. */
  concurrency?: number;
  onEngineLoad?: (p: LoadProgress) => void;
  /** Minimum ms between progress reports while running (state changes always report). Default 100. */
  progressIntervalMs?: number;
}

type StopReason = { kind: 'pause' } | { kind: 'cancel' } | { kind: 'error'; message: string };
type GenOutcome =
  | { kind: 'ok'; result: GenerateResult }
  | { kind: 'stopped' }
  | { kind: 'failed'; code: string; message: string };

/** Judgments the first pass settles per transaction when replaying cached work. */
const CACHE_PASS_CHUNK = 2000;
/** Jobs looked up alone before the rest, so a resumed queue's first judgment starts quickly. */
const FIRST_CHUNK = 100;
/** Uncommitted writes after which a worker waits for the disk (bounds what a crash can lose). */
const MAX_WRITE_BACKLOG = 256;
const MAX_BACKOFF_MS = 30_000;

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

/** Rejects as soon as `signal` aborts, even if the engine ignores the signal. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new EngineError('aborted', 'Aborted', 'none'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new EngineError('aborted', 'Aborted', 'none'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function toEngineError(e: unknown): EngineError {
  if (isEngineError(e)) return e;
  if (e instanceof DOMException && e.name === 'AbortError') return new EngineError('aborted', 'Aborted', 'none');
  const message = e instanceof Error ? e.message : String(e);
  return new EngineError('unknown', message, 'none', message);
}

export class RunRunner {
  readonly #o: Required<Pick<RunRunnerOptions, 'backoffMs' | 'maxTransientRetries' | 'maxEngineRebuilds' | 'progressIntervalMs'>> &
    RunRunnerOptions;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  #loop: Promise<RunProgress> | null = null;
  #abort = new AbortController();
  #stop: StopReason | null = null;
  #engine: JudgeEngine | null = null;
  #engineGeneration = 0;
  #rebuilding: Promise<void> | null = null;
  #inFlight = new Map<string, Promise<GenOutcome>>();
  #run: RunRecord | null = null;
  #answers = new Map<number, AnswerRecord>();
  #knownMiss = new Set<string>();
  #writer: GroupCommit;
  #meter: RateMeter;
  #lastEmit = 0;
  #progress: RunProgress = {
    total: 0,
    done: 0,
    unparsed: 0,
    failed: 0,
    pending: 0,
    cached: 0,
    etaS: null,
    tokensPerS: null,
    state: 'idle',
  };
  /** Engine calls made by this runner (for tests and the benchmark). */
  engineCalls = 0;

  constructor(options: RunRunnerOptions) {
    this.#o = { backoffMs: 1000, maxTransientRetries: 5, maxEngineRebuilds: 3, progressIntervalMs: 100, ...options };
    this.#now = options.now ?? (() => Date.now());
    this.#sleep = options.sleep ?? defaultSleep;
    this.#meter = new RateMeter(this.#now());
    this.#writer = new GroupCommit(options.db);
  }

  get progress(): RunProgress {
    return this.#progress;
  }

  /** Runs the queue until it is finished, paused, cancelled or stopped by an error. Idempotent while running. */
  start(): Promise<RunProgress> {
    if (this.#loop) return this.#loop;
    this.#stop = null;
    this.#abort = new AbortController();
    const locks = this.#o.locks ?? defaultLocks();
    this.#loop = locks
      .request(runLockName(this.#o.runId), async (held) => {
        if (!held) {
          this.#emit({ state: 'locked-elsewhere' }, true);
          return this.#progress;
        }
        return this.#runLocked();
      })
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
    if (this.#loop) return this.#halt({ kind: 'cancel' });
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
    const p = this.#progress;
    const next: RunProgress = { ...p, ...patch };
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
      this.#emit({ state: 'error', message: `Run ${runId} not found` }, true);
      return this.#progress;
    }
    this.#run = run;
    if (run.status === 'cancelled') {
      this.#emit({ state: 'cancelled' }, true);
      return this.#progress;
    }
    const [jobs, answers] = await db.transaction('rw', db.jobs, db.answers, async () => {
      // Holding the lock proves no live tab runs this queue, so 'running' jobs are leftovers.
      await db.jobs
        .where('[runId+status]')
        .equals([runId, 'running'])
        .modify({ status: 'pending' });
      return Promise.all([db.jobs.where('runId').equals(runId).toArray(), db.answers.where('runId').equals(runId).toArray()]);
    });
    this.#answers = new Map(answers.map((a) => [a.prompt_id, a]));
    this.#knownMiss = new Set();
    const count = (s: JobRecord['status']) => jobs.filter((j) => j.status === s).length;
    const pending = jobs.filter((j) => j.status === 'pending').sort((a, b) => a.order - b.order);
    this.#meter.reset(this.#now());
    this.#emit(
      {
        total: jobs.length,
        done: count('done'),
        unparsed: count('unparsed'),
        failed: count('failed'),
        pending: pending.length,
        cached: jobs.filter((j) => j.status === 'done' && j.cached === true).length,
        state: 'running',
        message: undefined,
      },
      true,
    );
    await db.runs.update(runId, { status: 'running', message: undefined, updatedAt: this.#now() });

    const feed = new JobFeed<JobRecord>();
    const pass = this.#cachePass(pending, feed).finally(() => feed.close());
    await Promise.all([pass, this.#work(feed)]);
    return this.#finish();
  }

  /**
   * Settles, in bulk, every pending job whose first attempt is already in the cache and parses;
   * the others go to the workers through `feed`, in run order. A small first chunk is looked up
   * alone so a resumed run's first judgment starts quickly; the rest of the keys are read at once
   * (judgment-read.ts: range reads when the cache is dense, which a replay's is). Settled jobs are
   * then written in large transactions, the next one queued while the previous commits, so
   * IndexedDB never waits on the page to prepare a batch.
   */
  async #cachePass(pending: JobRecord[], feed: JobFeed<JobRecord>): Promise<void> {
    const { db } = this.#o;
    const first = pending.slice(0, FIRST_CHUNK);
    const rest = pending.slice(FIRST_CHUNK);
    const firstHits = await db.judgments.bulkGet(first.map((j) => j.cacheKey));
    const settled = this.#sortHits(first, (k) => firstHits[k], feed);
    if (this.#stop) {
      feed.push(rest);
      return;
    }
    // Reading the rest overlaps the write of the first chunk's settlements (different stores).
    const [hits] = await Promise.all([readJudgments(db, rest.map((j) => j.cacheKey)), this.#settleCached(settled)]);
    if (this.#stop) {
      feed.push(rest);
      return;
    }
    const rested = this.#sortHits(rest, (k) => hits.get(rest[k].cacheKey), feed);
    await this.#settleCached(rested);
  }

  /** Splits `jobs` into settled-from-cache records and misses (pushed to `feed` in the given order). */
  #sortHits(jobs: JobRecord[], hitAt: (k: number) => JudgmentRecord | undefined, feed: JobFeed<JobRecord>): JobRecord[] {
    const format = this.#settings().judge.outputFormat;
    const settled: JobRecord[] = [];
    const misses: JobRecord[] = [];
    const now = this.#now();
    jobs.forEach((job, k) => {
      const hit = hitAt(k);
      if (!hit) this.#knownMiss.add(job.cacheKey);
      if (hit && parseJudgeOutputFor(format, hit.raw).kind === 'score') {
        settled.push({ ...job, status: 'done', attempts: 1, attemptKeys: [job.cacheKey], resultKey: job.cacheKey, cached: true, updatedAt: now });
      } else misses.push(job);
    });
    feed.push(misses);
    return settled;
  }

  /** Writes cache-settled jobs in CACHE_PASS_CHUNK transactions, two in flight; stops between chunks when the run stops. */
  async #settleCached(settled: JobRecord[]): Promise<void> {
    const { db } = this.#o;
    let previous: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < settled.length && !this.#stop; i += CACHE_PASS_CHUNK) {
      const chunk = settled.slice(i, i + CACHE_PASS_CHUNK);
      const writing = db.jobs.bulkPut(chunk);
      // Awaited below or in the next round; this only keeps a failure seen while the previous
      // write is awaited from being reported as unhandled.
      writing.catch(() => undefined);
      await previous;
      previous = writing;
      const p = this.#progress;
      this.#emit({ done: p.done + chunk.length, cached: p.cached + chunk.length, pending: p.pending - chunk.length });
    }
    await previous;
  }

  async #work(feed: JobFeed<JobRecord>): Promise<void> {
    // A fully cached run never loads the engine (a WebGPU load can take minutes).
    if (!(await feed.ready())) return;
    const engine = await this.#engineReady();
    if (!engine) return;
    const n = Math.max(1, Math.min(engine.maxConcurrency, this.#o.concurrency ?? Infinity));
    const worker = async () => {
      while (!this.#stop) {
        const job = await feed.take();
        if (!job) return;
        if (this.#stop) {
          // Taken but not started: it simply stays pending on disk.
          return;
        }
        await this.#processJob(job);
      }
    };
    await Promise.all(Array.from({ length: n }, worker));
  }

  #settings(): RunRecord['settings'] {
    if (!this.#run) throw new Error('run not loaded');
    return this.#run.settings;
  }

  async #keyFor(prompt: string, sampling: SamplingParams): Promise<string> {
    const s = this.#settings();
    return computeCacheKey({ ...judgeIdentity(s.judge), prompt, sampling, outputFormat: s.judge.outputFormat });
  }

  /**
   * Writes a job's new state (with the judgment that settled it, if new) through the group
   * commit. Not awaited by the worker, so a fast judge never waits on IndexedDB; a crash can
   * lose only the last uncommitted batch, whose jobs are still 'pending'/'running' on disk and
   * are judged again on resume (again under the same key: nothing is duplicated). A backlog
   * bound keeps that window small, and a failed commit stops the run.
   */
  async #write(job: JobRecord, judgment?: JudgmentRecord): Promise<void> {
    if (judgment) this.#knownMiss.delete(judgment.cacheKey);
    const committed = this.#writer.write({ job: { ...job, updatedAt: this.#now() }, judgment });
    committed.catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      this.#fatal(new EngineError('quota', `Could not save judgments: ${message}`, 'free-space', message));
    });
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

  async #processJob(queued: JobRecord): Promise<void> {
    const settings = this.#settings();
    const answer = this.#answers.get(queued.prompt_id ?? -1);
    const ci = queued.criterionIndex ?? 0;
    let job: JobRecord = { ...queued, attemptKeys: [] };
    if (!answer?.instruction?.criteria[ci]) {
      this.#settle({ ...job, status: 'failed', error: { code: 'missing-input', message: 'The run lost this job’s instruction or answer' } });
      return;
    }
    const prompt = judgePromptFor(answer.instruction, answer.answer, ci);
    let marked = false;
    for (let attempt = 0; attempt <= settings.maxParseRetries; attempt++) {
      const sampling = samplingForAttempt(settings.sampling, attempt);
      const key = attempt === 0 ? job.cacheKey : await this.#keyFor(prompt, sampling);
      const attemptKeys = [...(job.attemptKeys ?? []), key];
      const hit = await this.#lookup(key, attempt);
      let judgment: JudgmentRecord | undefined;
      let raw: string;
      if (hit) raw = hit.raw;
      else {
        if (!marked) {
          marked = true;
          void this.#write({ ...job, status: 'running' });
        }
        const out = await this.#generateOnce(key, prompt, sampling);
        if (out.kind === 'stopped') {
          void this.#write({ ...job, status: 'pending' });
          return;
        }
        if (out.kind === 'failed') {
          this.#settle({ ...job, status: 'failed', attempts: attempt + 1, attemptKeys, error: { code: out.code, message: out.message } });
          return;
        }
        raw = out.result.text;
        judgment = {
          cacheKey: key,
          raw,
          createdAt: this.#now(),
          usage: { promptTokens: out.result.usage.promptTokens, completionTokens: out.result.usage.completionTokens },
          engine: `${settings.judge.kind}:${judgeIdentity(settings.judge).judgeModelId}`,
        };
      }
      const parsed = parseJudgeOutputFor(settings.judge.outputFormat, raw);
      job = { ...job, attempts: attempt + 1, attemptKeys };
      if (parsed.kind === 'score' || attempt === settings.maxParseRetries) {
        const status = parsed.kind === 'score' ? 'done' : 'unparsed';
        this.#settle({ ...job, status, resultKey: key, cached: !judgment }, judgment);
        return;
      }
      // Not settled yet: keep this attempt's raw text (and the job's trail) before retrying.
      if (judgment) await this.#write({ ...job, status: 'running' }, judgment);
    }
  }

  /** Records a job's final state, with the judgment that settled it, as one write. */
  #settle(job: JobRecord, judgment?: JudgmentRecord): void {
    void this.#write(job, judgment);
    const p = this.#progress;
    this.#emit({
      pending: p.pending - 1,
      done: p.done + (job.status === 'done' ? 1 : 0),
      cached: p.cached + (job.status === 'done' && job.cached ? 1 : 0),
      unparsed: p.unparsed + (job.status === 'unparsed' ? 1 : 0),
      failed: p.failed + (job.status === 'failed' ? 1 : 0),
    });
  }

  /** One generation for `key`, shared with any other worker asking for the same key right now. */
  #generateOnce(key: string, prompt: string, sampling: SamplingParams): Promise<GenOutcome> {
    const existing = this.#inFlight.get(key);
    if (existing) return existing;
    const p = this.#generate(prompt, sampling).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, p);
    return p;
  }

  async #generate(prompt: string, sampling: SamplingParams): Promise<GenOutcome> {
    let rebuilds = 0;
    let transient = 0;
    for (;;) {
      if (this.#stop) return { kind: 'stopped' };
      const engine = await this.#engineReady();
      if (!engine) return { kind: 'stopped' };
      const generation = this.#engineGeneration;
      const signal = this.#abort.signal;
      try {
        this.engineCalls++;
        const result = await raceAbort(engine.generate({ messages: [{ role: 'user', content: prompt }], sampling }, { signal }), signal);
        this.#meter.record(this.#now(), result.usage.completionTokens);
        return { kind: 'ok', result };
      } catch (e) {
        if (this.#stop || signal.aborted) return { kind: 'stopped' };
        const err = toEngineError(e);
        if (err.code === 'device-lost' || err.code === 'worker-dead' || err.code === 'aborted') {
          if (++rebuilds > this.#o.maxEngineRebuilds) return this.#fatal(err);
          this.#emit({ message: err.message }, true);
          await this.#rebuild(generation);
          continue;
        }
        if (isTransient(err)) {
          if (++transient > this.#o.maxTransientRetries) return { kind: 'failed', code: err.code, message: err.message };
          await this.#sleep(Math.min(MAX_BACKOFF_MS, this.#o.backoffMs * 2 ** (transient - 1)), signal);
          continue;
        }
        if (err.code === 'context-window' || err.code === 'malformed-reply') {
          return { kind: 'failed', code: err.code, message: err.message };
        }
        return this.#fatal(err);
      }
    }
  }

  /** Stops the whole run on an error retrying cannot fix; in-flight jobs go back to pending. */
  #fatal(err: EngineError): GenOutcome {
    this.#stop ??= { kind: 'error', message: err.message };
    this.#abort.abort();
    return { kind: 'stopped' };
  }

  /** The loaded engine, building it on first use; null if the run stopped meanwhile. */
  async #engineReady(): Promise<JudgeEngine | null> {
    if (this.#rebuilding) await this.#rebuilding;
    if (this.#engine || this.#stop) return this.#stop ? null : this.#engine;
    await this.#rebuild(this.#engineGeneration);
    return this.#stop ? null : this.#engine;
  }

  /** Replaces the engine of `generation` (unload, factory, load) — once, however many workers saw it fail. */
  #rebuild(generation: number): Promise<void> {
    if (this.#rebuilding) return this.#rebuilding;
    if (generation !== this.#engineGeneration) return Promise.resolve();
    this.#rebuilding = (async () => {
      const old = this.#engine;
      this.#engine = null;
      if (old) await old.unload().catch(() => undefined);
      try {
        const engine = await this.#o.engineFactory();
        await engine.load({ signal: this.#abort.signal, onProgress: this.#o.onEngineLoad });
        this.#engine = engine;
        this.#engineGeneration++;
        this.#meter.reset(this.#now());
        if (this.#progress.message) this.#emit({ message: undefined }, true);
      } catch (e) {
        if (!this.#stop) this.#fatal(toEngineError(e));
      }
    })().finally(() => {
      this.#rebuilding = null;
    });
    return this.#rebuilding;
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
    else if (p.pending === 0) [status, state] = ['done', 'done'];
    else [status, state] = ['paused', 'paused'];
    await db.runs.update(runId, { status, message, updatedAt: this.#now() });
    this.#emit({ state, message, etaS: state === 'done' ? 0 : null }, true);
    return this.#progress;
  }
}
