/**
 * The four agreement statistics in one pass over (possibly repeated) rows. Scores take few
 * distinct values, so ranks are computed by counting per distinct value (O(rows) per bootstrap
 * resample instead of a sort) — identical to scipy's average-rank Spearman.
 */

/** Each value's position among the sorted distinct values. */
export interface Coded {
  code: Uint32Array;
  distinct: number;
}

/** Codes each value by its position among the sorted distinct values. */
export function codes(values: Float64Array): Coded {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const pos = new Map(sorted.map((v, i) => [v, i]));
  return { code: Uint32Array.from(values, (v) => pos.get(v) ?? 0), distinct: sorted.length };
}

/** [spearman, pearson, mae, exact] of the selected rows (rows may repeat: bootstrap draws). */
export function pairStats(
  rows: ArrayLike<number>,
  x: Float64Array,
  y: Float64Array,
  cx: Coded,
  cy: Coded,
): [number | null, number | null, number | null, number | null] {
  const m = rows.length;
  if (m === 0) return [null, null, null, null];
  const countX = new Float64Array(cx.distinct);
  const countY = new Float64Array(cy.distinct);
  let absErr = 0;
  let hits = 0;
  for (let i = 0; i < m; i++) {
    const r = rows[i];
    countX[cx.code[r]]++;
    countY[cy.code[r]]++;
    const d = Math.abs(x[r] - y[r]);
    absErr += d;
    if (d <= 1e-9) hits++;
  }
  const rankOf = (counts: Float64Array) => {
    let cum = 0;
    for (let k = 0; k < counts.length; k++) {
      const c = counts[k];
      counts[k] = cum + (c + 1) / 2; // average rank of the tied block
      cum += c;
    }
    return counts;
  };
  const rx = rankOf(countX);
  const ry = rankOf(countY);
  const corr = (fx: (r: number) => number, fy: (r: number) => number): number | null => {
    if (m < 2) return null;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < m; i++) {
      sx += fx(rows[i]);
      sy += fy(rows[i]);
    }
    const mx = sx / m;
    const my = sy / m;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < m; i++) {
      const dx = fx(rows[i]) - mx;
      const dy = fy(rows[i]) - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    if (sxx === 0 || syy === 0) return null;
    return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  };
  const spearman = corr((r) => rx[cx.code[r]], (r) => ry[cy.code[r]]);
  const pearson = corr((r) => x[r], (r) => y[r]);
  return [spearman, pearson, absErr / m, hits / m];
}

