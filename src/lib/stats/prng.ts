/**
 * A small seeded PRNG (mulberry32). Bootstrap intervals must be reproducible: the same data and
 * seed give the same interval on every machine, so a shared link or a paper table can be
 * re-derived. Math.random is never used for statistics.
 */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `weights` with how many times each of its n clusters is drawn in one resample of size n. */
export function resampleCounts(rng: Rng, weights: Uint32Array): void {
  const n = weights.length;
  weights.fill(0);
  for (let i = 0; i < n; i++) weights[Math.floor(rng() * n)]++;
}
