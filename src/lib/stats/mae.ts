/** Mean absolute error between paired values (the POLLUX model cards' MAE); null when empty. */
export function mae(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`mae: lengths differ (${n} vs ${y.length})`);
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(x[i] - y[i]);
  return sum / n;
}
