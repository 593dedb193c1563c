/**
 * The run's engine and every call made to it: building it on first use, rebuilding it once
 * (however many workers saw it fail) after a lost device, a dead worker or a hang, and the retry
 * policy of one generation:
 *
 * - lost device / dead worker / no token for `stallMs` (a hung GPU) → unload, rebuild through
 *   the factory, load, retry the same request (capped: then the run stops with the message);
 * - network-like (a dropped connection, a cut stream, a timeout, 5xx, 429) → wait and retry:
 *   exponential backoff, or the server's Retry-After (capped); a 429 holds every worker, not only
 *   the one that saw it; after `maxTransientRetries` the judgment fails (never a fatal pause);
 * - the prompt does not fit the context → 'too-long' (never retried);
 * - a job-specific error (malformed reply, unsupported constraint) → that judgment fails;
 * - anything else (CORS, a refused key, a missing model, storage full) → the run stops with the
 *   message, since every other judgment would fail the same way.
 */
import { EngineError, isEngineError, isTransient, needsRebuild, stalledError } from '../judge/errors.ts';
import type { GenerateRequest, GenerateResult, JudgeEngine, LoadProgress } from '../judge/engine.ts';

export type GenOutcome =
  | { kind: 'ok'; result: GenerateResult }
  | { kind: 'stopped' }
  | { kind: 'too-long'; message: string }
  | { kind: 'failed'; code: string; message: string };

/** What the slot needs from the run: its abort signal, whether it stopped, how to stop it, how to tell the user. */
export interface SlotControl {
  /** The run's current abort signal (a new one after each start). */
  signal(): AbortSignal;
  stopped(): boolean;
  fatal(err: EngineError): void;
  notice(message: string | undefined): void;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
}

export interface SlotOptions {
  factory: () => Promise<JudgeEngine> | JudgeEngine;
  onLoad?: (p: LoadProgress) => void;
  /** First backoff delay; doubles per retry up to 30 s. */
  backoffMs: number;
  maxTransientRetries: number;
  maxEngineRebuilds: number;
  /** No token for this long is a hang; the first token gets three times as long (prefill). */
  stallMs: number;
  /** Called after each completed generation (rate measurement). */
  onResult?: (r: GenerateResult) => void;
}

const MAX_BACKOFF_MS = 30_000;

export function toEngineError(e: unknown): EngineError {
  if (isEngineError(e)) return e;
  if (e instanceof DOMException && e.name === 'AbortError') return new EngineError('aborted', 'Aborted', 'none');
  const message = e instanceof Error ? e.message : String(e);
  return new EngineError('unknown', message, 'none', message);
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

export class EngineSlot {
  #engine: JudgeEngine | null = null;
  #generation = 0;
  #rebuilding: Promise<void> | null = null;
  /** Until when every worker waits (a 429's Retry-After). */
  #holdUntil = 0;
  #noticed = false;
  /** Engine calls made (for tests and the benchmark). */
  calls = 0;
  readonly #o: SlotOptions;
  readonly #c: SlotControl;

  constructor(options: SlotOptions, control: SlotControl) {
    this.#o = options;
    this.#c = control;
  }

  /** The loaded engine, building it on first use; null if the run stopped meanwhile. */
  async ready(): Promise<JudgeEngine | null> {
    if (this.#rebuilding) await this.#rebuilding;
    if (this.#c.stopped()) return null;
    if (this.#engine) return this.#engine;
    await this.rebuild(this.#generation);
    return this.#c.stopped() ? null : this.#engine;
  }

  /** Replaces the engine of `generation` (unload, factory, load) — once, however many workers saw it fail. */
  rebuild(generation: number): Promise<void> {
    if (this.#rebuilding) return this.#rebuilding;
    if (generation !== this.#generation) return Promise.resolve();
    this.#rebuilding = (async () => {
      const old = this.#engine;
      this.#engine = null;
      if (old) await old.unload().catch(() => undefined);
      try {
        const engine = await this.#o.factory();
        await engine.load({ signal: this.#c.signal(), onProgress: this.#o.onLoad });
        this.#engine = engine;
        this.#generation++;
      } catch (e) {
        if (!this.#c.stopped()) this.#c.fatal(toEngineError(e));
      }
    })().finally(() => {
      this.#rebuilding = null;
    });
    return this.#rebuilding;
  }

  /** One generation with the retry policy above. */
  async generate(req: GenerateRequest): Promise<GenOutcome> {
    let rebuilds = 0;
    let transient = 0;
    for (;;) {
      if (this.#c.stopped()) return { kind: 'stopped' };
      const wait = this.#holdUntil - this.#c.now();
      if (wait > 0) await this.#c.sleep(wait, this.#c.signal());
      const engine = await this.ready();
      if (!engine) return { kind: 'stopped' };
      const generation = this.#generation;
      const signal = this.#c.signal();
      try {
        this.calls++;
        const result = await this.#call(engine, req, signal);
        this.#o.onResult?.(result);
        if (this.#noticed) {
          this.#noticed = false;
          this.#c.notice(undefined);
        }
        return { kind: 'ok', result };
      } catch (e) {
        if (this.#c.stopped() || signal.aborted) return { kind: 'stopped' };
        const err = toEngineError(e);
        if (needsRebuild(err) || err.code === 'aborted') {
          if (++rebuilds > this.#o.maxEngineRebuilds) return this.#fatal(err);
          this.#notice(err.message);
          await this.rebuild(generation);
          continue;
        }
        if (isTransient(err)) {
          if (++transient > this.#o.maxTransientRetries) return { kind: 'failed', code: err.code, message: err.message };
          const backoff = Math.min(MAX_BACKOFF_MS, this.#o.backoffMs * 2 ** (transient - 1));
          const delay = err.retryAfterMs ?? backoff;
          if (err.code === 'rate-limited') this.#holdUntil = Math.max(this.#holdUntil, this.#c.now() + delay);
          this.#notice(err.message);
          await this.#c.sleep(delay, signal);
          continue;
        }
        if (err.code === 'context-window') return { kind: 'too-long', message: err.message };
        if (err.code === 'malformed-reply' || err.code === 'unsupported') return { kind: 'failed', code: err.code, message: err.message };
        return this.#fatal(err);
      }
    }
  }

  #notice(message: string): void {
    this.#noticed = true;
    this.#c.notice(message);
  }

  #fatal(err: EngineError): GenOutcome {
    this.#c.fatal(err);
    return { kind: 'stopped' };
  }

  /** One engine call under the hang watchdog: no token for stallMs (3× before the first) aborts it as 'stalled'. */
  async #call(engine: JudgeEngine, req: GenerateRequest, runSignal: AbortSignal): Promise<GenerateResult> {
    const call = new AbortController();
    const onRun = (): void => call.abort();
    runSignal.addEventListener('abort', onRun, { once: true });
    let stalled = false;
    const fire = (): void => {
      stalled = true;
      call.abort();
    };
    let timer = setTimeout(fire, 3 * this.#o.stallMs);
    const onToken = (): void => {
      clearTimeout(timer);
      timer = setTimeout(fire, this.#o.stallMs);
    };
    try {
      return await raceAbort(engine.generate(req, { signal: call.signal, onToken }), call.signal);
    } catch (e) {
      if (stalled && !runSignal.aborted) throw stalledError(Math.round(this.#o.stallMs / 1000));
      throw e;
    } finally {
      clearTimeout(timer);
      runSignal.removeEventListener('abort', onRun);
    }
  }
}
