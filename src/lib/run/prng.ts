/**
 * A Fisher–Yates shuffle on the project's one seeded PRNG (mulberry32 in stats/prng.ts), so the
 * random stratified order and samples are reproducible from the run's seed on any machine.
 */
import type { Rng } from '../stats/prng.ts';

export { mulberry32, type Rng } from '../stats/prng.ts';

/** A shuffled copy of `items`. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = out[i];
    out[i] = out[j];
    out[j] = tmp;
  }
  return out;
}
