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
