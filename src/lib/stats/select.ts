/**
 * Order statistics without a full sort: the k-th smallest of a typed array, found in place by
 * quickselect (Hoare partition, median-of-three pivot). A bootstrap interval needs 4 order
 * statistics of each group's 1,000 resampled means; sorting ~400 such arrays per report cost
 * ≈ 40 ms, selection a few.
 *
 * Values must be free of NaN (callers compact finite values first). -0 and +0 compare equal
 * here, whereas a typed-array sort puts -0 first; bootstrap means are never -0 (they are
 * sum / count with sums accumulated from +0), so the selected values equal the sorted ones.
 */

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Rearranges a[from..to) so that a[k] holds the value a sorted copy would have there, every
 * element before k is ≤ a[k] and every element after is ≥ a[k]; returns a[k].
 */
export function selectInPlace(a: Float64Array, k: number, from = 0, to = a.length): number {
  let lo = from;
  let hi = to - 1;
  while (hi > lo) {
    // Median of three as the pivot keeps already-sorted input (common for degenerate groups) linear.
    const mid = (lo + hi) >>> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Smallest value of a[from..to); callers pass a non-empty range. */
export function minOf(a: Float64Array, from: number, to: number): number {
  let m = a[from];
  for (let i = from + 1; i < to; i++) if (a[i] < m) m = a[i];
  return m;
}
