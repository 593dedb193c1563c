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
