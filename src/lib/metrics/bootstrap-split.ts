/**
 * The reference models' bootstrap (clusterBootstrapFactored) split across two threads: this
 * thread computes resamples [0, R/2) while a helper thread computes [R/2, R) from a copy of
 * the same typed arrays; the two slices are joined and the percentiles taken here. Resample b
 * uses the b-th block of draws of the seed's PRNG stream on either thread, so every interval is
 * bit-identical to the single-threaded result (test/unit/stats, test/unit/metrics).
 *
 * The helper is optional and never trusted to answer: without one (Node, a browser without
 * nested workers, too few resamples) everything runs here; if it fails, returns garbage or has
 * not answered within a deadline after this thread's half is done, it is abandoned and the rest
 * is computed here, so a dead helper costs time, never a report. Pure apart from the injected
 * helper and clock.
 */
import { DEFAULT_RESAMPLES, factoredIntervals, factoredResampleStats, joinResampleStats, type BootstrapOptions, type FactoredSums, type Interval } from '../stats/index.ts';

/** Computes a slice of resamples elsewhere: null when no helper can be used right now. */
export interface SliceRunner {
  run(data: FactoredSums, options: BootstrapOptions, from: number, to: number): Promise<Float64Array> | null;
  /** Gives up on the slices in flight (the helper is presumed stuck): they are rejected. */
  abandon(): void;
}

/** How the last bootstrap ran: one thread, two, or two of which the helper failed (rest computed here). */
export type BootstrapWhere = 'single' | 'split' | 'fallback';

export interface SplitOptions {
  /** The helper's deadline after this thread's half: max(minWaitMs, waitFactor × that half's time). */
  minWaitMs?: number;
  waitFactor?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const MIN_WAIT_MS = 1000;
const WAIT_FACTOR = 2;

export async function splitFactoredBootstrap(
  data: FactoredSums,
  options: BootstrapOptions,
  helper: SliceRunner | null,
  split: SplitOptions = {},
): Promise<{ cis: (Interval | null)[][]; where: BootstrapWhere }> {
  const resamples = Math.max(options.resamples ?? DEFAULT_RESAMPLES, 0);
  const cut = Math.floor(resamples / 2);
  const all = { ...options, resamples };
  // Sent before this thread starts its half (postMessage copies the arrays synchronously).
  const pending = cut > 0 ? (helper?.run(data, all, cut, resamples) ?? null) : null;
  if (!pending) return { cis: factoredIntervals(data, factoredResampleStats(data, all, 0, resamples), all), where: 'single' };
  const outcome = pending.then(
    (stats): { ok: true; stats: Float64Array } | { ok: false } => ({ ok: true, stats }),
    (): { ok: false } => ({ ok: false }),
  );
  const now = split.now ?? (() => performance.now());
  const t0 = now();
  const head = factoredResampleStats(data, all, 0, cut);
  const wait = Math.max(split.minWaitMs ?? MIN_WAIT_MS, (split.waitFactor ?? WAIT_FACTOR) * (now() - t0));
  const sleep = split.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const tailResult = await Promise.race([outcome, sleep(wait).then((): { ok: false } => ({ ok: false }))]);
  const cells = data.systems * data.groups;
  let tail: Float64Array;
  let where: BootstrapWhere = 'split';
  if (tailResult.ok && tailResult.stats.length === cells * (resamples - cut)) {
    tail = tailResult.stats;
  } else {
    // Stuck, crashed or wrong: a fresh helper is started for the next report.
    helper?.abandon();
    tail = factoredResampleStats(data, all, cut, resamples);
    where = 'fallback';
  }
  return { cis: factoredIntervals(data, joinResampleStats(cells, head, tail, resamples, cut), all), where };
}
