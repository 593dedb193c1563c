/** Remaining-time estimate from the average pace so far; null until one item is done. */
export function etaSeconds(done: number, total: number, elapsedS: number): number | null {
  if (done <= 0 || elapsedS <= 0) return null;
  return Math.max(0, ((total - done) * elapsedS) / done);
}
