/**
 * Textbook statistics, written for clarity rather than speed: the oracles the app's fast paths
 * (metrics/agreement.ts' counting ranks, stats/bootstrap.ts' selection) are tested against.
 * Nothing in src/ uses them. Conventions follow numpy/scipy so expected values can be checked in
 * Python: R-7 quantiles, average ranks for ties, Spearman as Pearson on ranks, null (never NaN)
 * where a statistic is undefined.
 */

/**
 * Arithmetic mean. Owns the one rule every aggregate here follows: an empty input has no mean
 * (null), never NaN, so an empty group is absent from a report rather than a NaN cell.
 */
export function mean(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return sum / n;
}

/**
 * Quantiles of a sample, with the R-7 / numpy "linear" rule (the default of numpy.quantile,
 * d3.quantile and pandas), so intervals match what a researcher gets in Python.
 */

/** p-quantile of values already sorted ascending; null when empty. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return null;
  if (n === 1) return sorted[0];
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo];
  if (lo + 1 >= n) return a;
  return a + (sorted[lo + 1] - a) * (h - lo);
}

/** p-quantile of unsorted values (copied, not modified); NaN values are ignored. */
export function quantile(values: ArrayLike<number>, p: number): number | null {
  const copy = Float64Array.from(values).filter((v) => !Number.isNaN(v));
  copy.sort();
  return quantileSorted(copy, p);
}

/**
 * Fractional ranks (1-based) with ties given their average rank, as scipy.stats.rankdata's
 * default "average" method. Spearman's rho is Pearson's r on these ranks, which is how scipy
 * handles ties; judge and expert scores on a 0–2 scale are almost all ties, so this matters.
 */
export function rank(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    // Positions i..j-1 (0-based) share ranks i+1..j; their average is (i + 1 + j) / 2.
    const avg = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]] = avg;
    i = j;
  }
  return ranks;
}

/**
 * Pearson's correlation coefficient. Null when it is undefined (fewer than two pairs, or either
 * side constant) — scipy returns NaN with a warning there; a report shows "—" instead.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`pearson: lengths differ (${n} vs ${y.length})`);
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  // Rounding can push |r| a hair above 1; clamp like scipy does.
  return Math.max(-1, Math.min(1, r));
}

/**
 * Spearman's rank correlation, scipy.stats.spearmanr's definition: Pearson's r of the average
 * ranks (not the 1 − 6Σd²/… shortcut, which is wrong with ties). Null when undefined.
 */

export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  if (x.length !== y.length) throw new RangeError(`spearman: lengths differ (${x.length} vs ${y.length})`);
  if (x.length < 2) return null;
  return pearson(rank(x), rank(y));
}

/** Mean absolute error between paired values (the POLLUX model cards' MAE); null when empty. */
export function mae(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`mae: lengths differ (${n} vs ${y.length})`);
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(x[i] - y[i]);
  return sum / n;
}

/**
 * Share of pairs that are equal (Gen-1 POLLUX's `score_acc`). Expert `criteria_score` is a mean
 * of votes and can be fractional (e.g. 1.5), so "equal" compares with a small tolerance, and a
 * fractional expert score can never be matched by an integer judge score — that is intended.
 */
export function exactMatch(x: ArrayLike<number>, y: ArrayLike<number>, tolerance = 1e-9): number | null {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`exactMatch: lengths differ (${n} vs ${y.length})`);
  if (n === 0) return null;
  let hits = 0;
  for (let i = 0; i < n; i++) if (Math.abs(x[i] - y[i]) <= tolerance) hits++;
  return hits / n;
}

