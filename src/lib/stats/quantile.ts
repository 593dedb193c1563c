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
