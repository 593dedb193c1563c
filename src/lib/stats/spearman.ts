/**
 * Spearman's rank correlation, scipy.stats.spearmanr's definition: Pearson's r of the average
 * ranks (not the 1 − 6Σd²/… shortcut, which is wrong with ties). Null when undefined.
 */
import { pearson } from './pearson.ts';
import { rank } from './rank.ts';

export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  if (x.length !== y.length) throw new RangeError(`spearman: lengths differ (${x.length} vs ${y.length})`);
  if (x.length < 2) return null;
  return pearson(rank(x), rank(y));
}
