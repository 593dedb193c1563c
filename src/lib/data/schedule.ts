/**
 * Bounded parallelism for range reads: at most `concurrency` tasks in flight, started in input
 * order, results returned in input order. The first failure starts no more tasks but lets the
 * running ones finish: a range already on its way is kept (the row groups it completes are
 * decoded and cached), so a Retry does not read it again. The call then rejects with that first
 * failure once every running task has settled, so nothing keeps writing after the caller has
 * moved on. An outside abort (the user leaving, a decode error) aborts the running tasks (their
 * signal fires) and rejects with `aborted`.
 */
import { DataLoadError } from './errors.ts';

export interface BoundedOptions<R> {
  concurrency: number;
  signal?: AbortSignal;
  /** Called as each task completes (completion order), before the next one starts. */
  onResult?: (result: R, index: number) => void;
}

export function mapBounded<T, R>(
  items: readonly T[],
  task: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  opts: BoundedOptions<R>,
): Promise<R[]> {
  const inner = new AbortController();
  const results: R[] = new Array<R>(items.length);
  const limit = Math.max(1, Math.floor(opts.concurrency));
  let next = 0;
  let running = 0;
  let failure: { error: unknown } | null = null;

  return new Promise<R[]>((resolve, reject) => {
    const onOuterAbort = () => {
      inner.abort();
      fail(new DataLoadError('aborted', 'Loading was cancelled'));
    };
    const finish = () => {
      if (running > 0) return;
      if (!failure && next < items.length) return;
      opts.signal?.removeEventListener('abort', onOuterAbort);
      if (failure) reject(failure.error);
      else resolve(results);
    };
    function fail(error: unknown): void {
      failure ??= { error };
      finish();
    }
    const pump = () => {
      while (!failure && running < limit && next < items.length) {
        const i = next++;
        running++;
        let p: Promise<R>;
        try {
          p = task(items[i], i, inner.signal);
        } catch (err) {
          p = Promise.reject(err);
        }
        p.then(
          (r) => {
            running--;
            results[i] = r;
            if (!failure) {
              try {
                opts.onResult?.(r, i);
              } catch (err) {
                fail(err);
                return;
              }
            }
            pump();
            finish();
          },
          (err: unknown) => {
            running--;
            fail(err);
          },
        );
      }
    };
    if (opts.signal?.aborted) {
      reject(new DataLoadError('aborted', 'Loading was cancelled'));
      return;
    }
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
    pump();
    finish();
  });
}

/**
 * A counting semaphore: at most `limit` holders at once, served in arrival order. The reader
 * puts every request through one, so the "requests in flight" setting holds across reads that
 * run side by side (footers, the instruction list, the expert table, an instruction page).
 */
export class Limiter {
  #limit: number;
  #active = 0;
  #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, Math.floor(limit));
  }

  set limit(n: number) {
    this.#limit = Math.max(1, Math.floor(n));
    this.#drain();
  }

  get active(): number {
    return this.#active;
  }

  #drain(): void {
    while (this.#active < this.#limit && this.#waiting.length > 0) {
      this.#active++;
      this.#waiting.shift()!();
    }
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.#waiting.push(resolve);
      this.#drain();
    });
    try {
      return await fn();
    } finally {
      this.#active--;
      this.#drain();
    }
  }
}
