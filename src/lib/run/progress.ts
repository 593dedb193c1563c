/**
 * Live rate measurement for a running queue: judgments per second and completion tokens per
 * second over a moving window of recent engine completions. Cache hits are not recorded — they
 * finish in microseconds and would make the ETA of the remaining (uncached) work absurdly short.
 */

/** Completions kept in the window; enough to smooth one slow judgment, few enough to follow a speed change. */
const WINDOW = 32;
/** Completions older than this no longer describe the current speed (e.g. after a pause). */
const MAX_AGE_MS = 5 * 60_000;

export class RateMeter {
  #events: { at: number; tokens: number }[] = [];
  #startedAt: number;
  #dropped = false;

  constructor(startedAt: number) {
    this.#startedAt = startedAt;
  }

  /** Restart the clock (after a pause or an engine reload), keeping no stale samples. */
  reset(now: number): void {
    this.#events = [];
    this.#dropped = false;
    this.#startedAt = now;
  }

  record(now: number, completionTokens: number): void {
    this.#events.push({ at: now, tokens: completionTokens });
    if (this.#events.length > WINDOW) {
      this.#events.shift();
      this.#dropped = true;
    }
  }

  #window(now: number): { count: number; tokens: number; spanS: number } | null {
    const recent = this.#events.filter((e) => now - e.at <= MAX_AGE_MS);
    if (recent.length === 0) return null;
    // While the window still holds every completion since the start, the span starts at the
    // start (so concurrent completions arriving together still give a finite rate); afterwards it
    // starts at the oldest kept completion, which then only marks time and is not counted.
    const fromStart = !this.#dropped && recent.length === this.#events.length;
    const from = fromStart ? this.#startedAt : recent[0].at;
    const counted = fromStart ? recent : recent.slice(1);
    const spanS = (recent[recent.length - 1].at - from) / 1000;
    if (counted.length === 0 || spanS <= 0) return null;
    return { count: counted.length, tokens: counted.reduce((s, e) => s + e.tokens, 0), spanS };
  }

  judgmentsPerS(now: number): number | null {
    const w = this.#window(now);
    return w ? w.count / w.spanS : null;
  }

  tokensPerS(now: number): number | null {
    const w = this.#window(now);
    return w ? w.tokens / w.spanS : null;
  }

  etaS(now: number, remaining: number): number | null {
    if (remaining === 0) return 0;
    const rate = this.judgmentsPerS(now);
    return rate && rate > 0 ? remaining / rate : null;
  }
}
