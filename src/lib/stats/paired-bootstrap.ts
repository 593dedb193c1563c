/**
 * Paired cluster bootstrap of differences between two systems scored on the same instructions
 * (two runs, or a run and a reference model). Both sides are resampled with the SAME instruction
 * draws, so the instruction-to-instruction variation that both share cancels out — the interval
 * is on the difference itself, much tighter than comparing two separate intervals.
 */
import type { GroupedSums } from './grouped-sums.ts';
import { groupMeans } from './grouped-sums.ts';
import {
  DEFAULT_RESAMPLES,
  forEachResample,
  percentileInterval,
  resampleGroupMeans,
  type BootstrapOptions,
  type Interval,
} from './bootstrap.ts';

export interface PairedDifference {
  /** mean(a) − mean(b) on the full data; null when either side has no values. */
  diff: number | null;
  interval: Interval | null;
}

/**
 * `a` and `b` must use the same group indices and cluster ids (and should hold only
 * instructions both sides have, or the difference mixes in unpaired ones).
 */
export function pairedBootstrap(a: GroupedSums, b: GroupedSums, options: BootstrapOptions = {}): PairedDifference[] {
  if (a.clusters !== b.clusters || a.offsets.length !== b.offsets.length) {
    throw new RangeError('pairedBootstrap: both sides must share groups and clusters');
  }
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const groups = a.offsets.length - 1;
  const sa = new Float64Array(groups * resamples);
  const sb = new Float64Array(groups * resamples);
  forEachResample(a.clusters, options, (weights, r) => {
    resampleGroupMeans(a, weights, sa, r, resamples);
    resampleGroupMeans(b, weights, sb, r, resamples);
  });
  for (let i = 0; i < sa.length; i++) sa[i] -= sb[i];
  const ma = groupMeans(a);
  const mb = groupMeans(b);
  const level = options.level ?? 0.95;
  const out: PairedDifference[] = [];
  for (let g = 0; g < groups; g++) {
    const x = ma[g];
    const y = mb[g];
    if (x === null || y === null) {
      out.push({ diff: null, interval: null });
      continue;
    }
    out.push({ diff: x - y, interval: percentileInterval(sa.subarray(g * resamples, (g + 1) * resamples), level) });
  }
  return out;
}
