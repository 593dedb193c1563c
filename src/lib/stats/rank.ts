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
