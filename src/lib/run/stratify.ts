/**
 * Random stratified order and stratified samples (by task group × difficulty), so a run stopped
 * at any point has judged a proportional stratified sample and still gives unbiased estimates.
 *
 * Order (stratifiedOrder): items are grouped by stratum and shuffled within it (seeded). Item i
 * of a stratum with n items gets the position key (i + u) / n, where u ∈ [0, 1) is one random
 * offset per stratum; all items are then sorted by key. Every stratum is thus spread evenly over
 * the whole order, like systematic sampling with a random start: in any prefix ending at key t, a
 * stratum has floor(t·n − u) + 1 items, i.e. its proportional share t·n to within one item. Ties
 * between strata are broken by a random stratum rank, so no stratum is always first.
 *
 * Sample (stratifiedSample): proportional allocation of a judgment budget. One instruction per
 * non-empty stratum first (in random stratum order, while the budget allows), then repeatedly
 * the instruction of the stratum furthest below its proportional share, skipping strata whose
 * next instruction no longer fits. Within a stratum the seeded shuffle decides which instruction.
 */
import type { InstructionRow } from '../pollux/types.ts';
import { mulberry32, shuffled, type Rng } from './prng.ts';

/** The stratum of an instruction: task group × difficulty ('?' where the dataset has none). */
export function defaultStratum(row: Pick<InstructionRow, 'task_type' | 'difficulty'>): string {
  return `${row.task_type ?? '?'}|${row.difficulty ?? '?'}`;
}

interface Stratum<T> {
  name: string;
  items: T[];
  rank: number;
}

/** Strata in a seed-determined order, each with its items shuffled; independent of input order of strata. */
function buildStrata<T>(items: readonly T[], strataOf: (item: T) => string, rng: Rng): Stratum<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = strataOf(item);
    const list = groups.get(name);
    if (list) list.push(item);
    else groups.set(name, [item]);
  }
  const names = [...groups.keys()].sort();
  const strata = names.map((name) => ({ name, items: shuffled(groups.get(name) ?? [], rng), rank: 0 }));
  shuffled(strata, rng).forEach((s, i) => (s.rank = i));
  return strata;
}

/** `items` in a random stratified order (see the module comment); deterministic for a seed. */
export function stratifiedOrder<T>(items: readonly T[], strataOf: (item: T) => string, seed: number): T[] {
  const rng = mulberry32(seed);
  const strata = buildStrata(items, strataOf, rng);
  const keyed: { key: number; rank: number; item: T }[] = [];
  for (const s of strata) {
    const u = rng();
    const n = s.items.length;
    s.items.forEach((item, i) => keyed.push({ key: (i + u) / n, rank: s.rank, item }));
  }
  keyed.sort((a, b) => a.key - b.key || a.rank - b.rank);
  return keyed.map((k) => k.item);
}

/**
 * prompt_ids of a proportional stratified sample whose judgments (one per criterion) fit in
 * `budgetJudgments`. Instructions without criteria cost nothing and are never chosen.
 * Returned in ascending prompt_id order; deterministic for a seed.
 */
export function stratifiedSample(
  instructions: readonly InstructionRow[],
  strataOf: (row: InstructionRow) => string,
  budgetJudgments: number,
  seed: number,
): number[] {
  const rng = mulberry32(seed);
  const judged = instructions.filter((r) => r.criteria.length > 0);
  const strata = buildStrata(judged, strataOf, rng).sort((a, b) => a.rank - b.rank);
  const total = judged.length;
  const taken = strata.map(() => 0);
  const blocked = strata.map(() => false);
  const chosen: number[] = [];
  let remaining = Math.max(0, Math.floor(budgetJudgments));

  const tryTake = (si: number): boolean => {
    const next = strata[si].items[taken[si]];
    if (next === undefined || next.criteria.length > remaining) {
      blocked[si] = true;
      return false;
    }
    remaining -= next.criteria.length;
    taken[si]++;
    chosen.push(next.prompt_id);
    return true;
  };

  // At least one per stratum where the budget allows (strata are in random rank order here).
  for (let si = 0; si < strata.length; si++) tryTake(si);
  for (;;) {
    let best = -1;
    let bestDeficit = -Infinity;
    const after = chosen.length + 1;
    for (let si = 0; si < strata.length; si++) {
      if (blocked[si] || taken[si] >= strata[si].items.length) continue;
      const deficit = (strata[si].items.length / total) * after - taken[si];
      if (deficit > bestDeficit) {
        bestDeficit = deficit;
        best = si;
      }
    }
    if (best < 0) break;
    tryTake(best);
  }
  return chosen.sort((a, b) => a - b);
}

/** How many judgments fit in `seconds` at `perJudgmentS` each (0 for a non-positive budget). */
export function budgetForSeconds(seconds: number, perJudgmentS: number): number {
  if (!(seconds > 0)) return 0;
  if (!(perJudgmentS > 0)) return Number.MAX_SAFE_INTEGER;
  return Math.floor(seconds / perJudgmentS);
}
