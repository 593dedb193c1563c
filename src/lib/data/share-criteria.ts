/**
 * One shared object per distinct criterion. POLLUX-instructions repeats each criterion's rubrics
 * (and, in the dataset, its long description) on every instruction: ≈ 23,000 criterion objects
 * carrying ≈ 8 M characters of rubrics for ≈ 200 distinct criteria. A structured clone (a worker's
 * message, an IndexedDB record) writes an object referenced twice only once, so rows whose equal
 * criteria are one object clone ~60 % smaller. Criterion objects are never mutated after decoding,
 * which is what makes sharing them safe.
 */
import type { CriterionSpec } from '../pollux/types.ts';

/** Field by field: strings by ===, nested rubric maps (rare) by their JSON. */
function sameCriterion(a: CriterionSpec, b: CriterionSpec): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) {
    const u = x[k];
    const v = y[k];
    if (u === v) continue;
    if (typeof u !== 'object' || typeof v !== 'object' || u === null || v === null || JSON.stringify(u) !== JSON.stringify(v)) return false;
  }
  return true;
}

/**
 * A function that returns, for each criterion it is given, the first equal one it has seen.
 * Candidates are found by name and text lengths, then compared field by field: hashing the long
 * texts as map keys cost ~0.5 s on the full dataset.
 */
export function criterionSharer(): <C extends CriterionSpec>(c: C) => C {
  const byShape = new Map<string, CriterionSpec[]>();
  const len = (v: unknown) => (typeof v === 'string' ? v.length : -1);
  return <C extends CriterionSpec>(c: C): C => {
    // Name and text lengths: a short key that keeps candidate lists short even if rubrics vary a lot.
    const k = `${c.criteria_name}\u0000${len(c.rubrics)}:${len(c.criteria_description)}:${len(c.rubrics_example)}`;
    let seen = byShape.get(k);
    if (!seen) {
      seen = [];
      byShape.set(k, seen);
    }
    const hit = seen.find((s) => s === c || sameCriterion(s, c));
    if (hit) return hit as C;
    seen.push(c);
    return c;
  };
}
