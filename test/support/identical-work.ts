/**
 * Counts requests that repeated work already asked for: the same prompt, sampling and
 * constraint. At temperature 0 decoding is greedy and ignores the seed, so there the seed does
 * not make two requests different work. Used by the retry tests and the retry-cost benchmark.
 */
import type { GenerateRequest } from '../../src/lib/judge/engine.ts';

export function identicalRepeats(calls: readonly GenerateRequest[]): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const c of calls) {
    const sampling = c.sampling.temperature === 0 ? { ...c.sampling, seed: undefined } : c.sampling;
    const k = JSON.stringify([c.messages, sampling, c.constraint ?? null]);
    if (seen.has(k)) repeats++;
    seen.add(k);
  }
  return repeats;
}
