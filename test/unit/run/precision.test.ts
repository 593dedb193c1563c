import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../support/scripted-engine.ts';
import {
  clusterOf,
  createMemoryLocks,
  createRun,
  mulberry32,
  PRECISION_MIN_INSTRUCTIONS,
  ratioEstimate,
  RunRunner,
  type Cluster,
  type RunProgress,
} from '../../../src/lib/run/index.ts';
import { freshDB, makeInput, makeInstructions, makeSettings } from './fixtures.ts';

/** Oracle: the percentile cluster bootstrap the Metrics page uses (resample instructions), half the 95% width. */
function bootstrapHalfWidth(clusters: readonly Cluster[], resamples: number, seed: number): number {
  const rng = mulberry32(seed);
  const stats: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let y = 0;
    let n = 0;
    for (let i = 0; i < clusters.length; i++) {
      const c = clusters[Math.floor(rng() * clusters.length)];
      y += c.y;
      n += c.n;
    }
    stats.push(y / n);
  }
  stats.sort((a, b) => a - b);
  return (stats[Math.floor(0.975 * resamples)] - stats[Math.floor(0.025 * resamples)]) / 2;
}

describe('the live estimate of the grand mean', () => {
  it('is the ratio of sums, with the half-width the cluster bootstrap gives (within sampling noise)', () => {
    const rng = mulberry32(11);
    for (const m of [30, 120]) {
      const clusters: Cluster[] = Array.from({ length: m }, () => {
        const n = 2 + Math.floor(rng() * 6);
        let y = 0;
        for (let k = 0; k < n; k++) y += rng() < 0.3 ? 0 : rng();
        return { y, n };
      });
      const e = ratioEstimate(clusters)!;
      expect(e.mean).toBeCloseTo(clusters.reduce((s, c) => s + c.y, 0) / clusters.reduce((s, c) => s + c.n, 0), 12);
      const oracle = bootstrapHalfWidth(clusters, 4000, 3);
      expect(e.halfWidth / oracle).toBeGreaterThan(0.88);
      expect(e.halfWidth / oracle).toBeLessThan(1.12);
    }
    expect(ratioEstimate([{ y: 1, n: 2 }])).toBeNull();
  });

  it('scores an instruction as metrics.py does: normalised, binary criteria out of the mean, a failed gate zeroes it', () => {
    const r3 = '0: плохо\n\n1: средне\n\n2: хорошо';
    const bin = '0: нет\n\n1: да';
    expect(clusterOf(1, [{ criteria_name: 'a', rubrics: r3, score: 2 }, { criteria_name: 'b', rubrics: r3, score: 1 }, { criteria_name: 'g', rubrics: bin, score: 0 }])).toEqual({ y: 1.5, n: 2 });
    expect(clusterOf(1, [{ criteria_name: 'a', rubrics: r3, score: 2 }, { criteria_name: 'g', rubrics: bin, score: 1 }])).toEqual({ y: 0, n: 1 });
    expect(clusterOf(1, [{ criteria_name: 'a', rubrics: r3, score: null }, { criteria_name: 'b', rubrics: r3, score: 9 }])).toEqual({ y: 0, n: 0 });
  });
});

describe('stop when precise enough', () => {
  it('stops by itself within one batch of reaching ±X, as done with stoppedBy precision and the interval kept', async () => {
    const db = freshDB();
    const n = 120;
    const target = 0.12;
    const input = makeInput(makeInstructions(n, 3), { settings: makeSettings({ precisionStop: target }) });
    const runId = await createRun(db, input);
    const concurrency = 4;
    const engine = new ScriptedEngine({ scenario: 'valid', maxConcurrency: concurrency });
    const seen: RunProgress[] = [];
    const final = await new RunRunner({ db, runId, engineFactory: () => engine, locks: createMemoryLocks(), progressIntervalMs: 0, onProgress: (p) => seen.push(p) }).start();
    expect(final.state).toBe('done');
    expect(final.stoppedBy).toBe('precision');
    expect(final.estimate?.halfWidth).toBeLessThanOrEqual(target);
    expect(final.estimate!.instructions).toBeGreaterThanOrEqual(PRECISION_MIN_INSTRUCTIONS);
    expect(final.pending).toBeGreaterThan(0);
    // The first estimate within ±X: after it, at most the judgments already in flight were made.
    const firstReached = seen.findIndex((p) => p.estimate && p.estimate.instructions >= PRECISION_MIN_INSTRUCTIONS && p.estimate.halfWidth <= target);
    const settledThen = seen[firstReached].done + seen[firstReached].unparsed + seen[firstReached].failed;
    expect(engine.calls.length - settledThen).toBeLessThanOrEqual(concurrency);
    const run = await db.runs.get(runId);
    expect(run).toMatchObject({ status: 'done', stoppedBy: 'precision' });
    expect(run?.estimate?.halfWidth).toBeLessThanOrEqual(target);
  });

  it('judges everything when the target is never reached', async () => {
    const db = freshDB();
    const runId = await createRun(db, makeInput(makeInstructions(8, 2), { settings: makeSettings({ precisionStop: 0.0001 }) }));
    const final = await new RunRunner({ db, runId, engineFactory: () => new ScriptedEngine({ scenario: 'valid' }), locks: createMemoryLocks() }).start();
    expect(final).toMatchObject({ state: 'done', pending: 0 });
    expect(final.stoppedBy).toBeUndefined();
    expect(final.estimate?.instructions).toBe(8);
  });
});
