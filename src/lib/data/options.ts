/**
 * How the data layer reads remote files: how many range requests run at once, how close two
 * column chunks must be to be fetched as one range, how long a silent response is tolerated, and
 * how often a transient failure is retried. The user can change the first and third in Settings;
 * stored values are validated (valibot) and clamped, never trusted.
 */
import * as v from 'valibot';

export interface ReadOptions {
  /** Range requests in flight at once (the Hub and browsers handle 6–8 per origin well). */
  concurrency: number;
  /**
   * Column chunks separated by at most this many unneeded bytes are fetched as one range. On a
   * network where a round trip costs 50 ms and a megabyte ~100 ms, skipping a gap smaller than
   * this saves nothing (see bench/README.md for the measurement).
   */
  maxGapBytes: number;
  /**
   * Unneeded bytes a read may fetch in all to save requests, as a fraction of its needed bytes
   * (smallest gaps are bridged first). Keeps a cold load within ~1.2 × the columns it uses.
   */
  gapBudget: number;
  /** A response that sends no bytes for this long is abandoned (and retried). */
  readTimeoutS: number;
  /** Retries of a range after a stall or a connection dropped mid-body (the server did answer). */
  retries: number;
}

export const DEFAULT_READ_OPTIONS: ReadOptions = {
  concurrency: 6,
  maxGapBytes: 64 * 1024,
  gapBudget: 0.15,
  readTimeoutS: 30,
  retries: 2,
};

export const READ_OPTION_LIMITS = {
  concurrency: [1, 16],
  maxGapBytes: [0, 4 * 1024 * 1024],
  gapBudget: [0, 10],
  readTimeoutS: [1, 600],
  retries: [0, 5],
} as const satisfies Record<keyof ReadOptions, readonly [number, number]>;

const StoredOptions = v.partial(
  v.object({
    concurrency: v.pipe(v.number(), v.integer()),
    maxGapBytes: v.pipe(v.number(), v.integer()),
    gapBudget: v.pipe(v.number(), v.finite()),
    readTimeoutS: v.pipe(v.number(), v.finite()),
    retries: v.pipe(v.number(), v.integer()),
  }),
);

const clamp = (x: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, x));

/** Stored or typed-in options → complete, clamped options; anything unreadable falls back to the defaults. */
export function parseReadOptions(x: unknown): ReadOptions {
  const r = v.safeParse(StoredOptions, x);
  const o = r.success ? r.output : {};
  return {
    concurrency: clamp(o.concurrency ?? DEFAULT_READ_OPTIONS.concurrency, READ_OPTION_LIMITS.concurrency),
    maxGapBytes: clamp(o.maxGapBytes ?? DEFAULT_READ_OPTIONS.maxGapBytes, READ_OPTION_LIMITS.maxGapBytes),
    gapBudget: clamp(o.gapBudget ?? DEFAULT_READ_OPTIONS.gapBudget, READ_OPTION_LIMITS.gapBudget),
    readTimeoutS: clamp(o.readTimeoutS ?? DEFAULT_READ_OPTIONS.readTimeoutS, READ_OPTION_LIMITS.readTimeoutS),
    retries: clamp(o.retries ?? DEFAULT_READ_OPTIONS.retries, READ_OPTION_LIMITS.retries),
  };
}
