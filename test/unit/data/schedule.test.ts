import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../../src/lib/data/schedule.ts';
import { DataLoadError } from '../../../src/lib/data/errors.ts';

/** A task whose completion the test controls. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('mapBounded', () => {
  it('keeps at most `concurrency` in flight, starts in order and returns results in input order', async () => {
    const ds = Array.from({ length: 7 }, () => deferred<number>());
    const started: number[] = [];
    let inFlight = 0;
    let peak = 0;
    const completed: number[] = [];
    const p = mapBounded(
      ds,
      async (d, i) => {
        started.push(i);
        peak = Math.max(peak, ++inFlight);
        try {
          return await d.promise;
        } finally {
          inFlight--;
        }
      },
      { concurrency: 3, onResult: (_r, i) => completed.push(i) },
    );
    await tick();
    expect(started).toEqual([0, 1, 2]);
    // Finish out of order: results still come back in input order.
    for (const i of [2, 0, 1, 6, 5, 4, 3]) {
      ds[i].resolve(i * 10);
      await tick();
    }
    expect(await p).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(peak).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(completed[0]).toBe(2);
  });

  it('one failure starts no more, lets the running tasks finish (their work is kept) and rejects once they have settled', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const signals: AbortSignal[] = [];
    const err = await mapBounded(
      [0, 1, 2, 3, 4, 5],
      (i, _idx, signal) =>
        new Promise<number>((resolve, reject) => {
          started.push(i);
          signals.push(signal);
          if (i === 1) {
            setTimeout(() => reject(new DataLoadError('not-found', 'gone')), 5);
            return;
          }
          setTimeout(() => {
            finished.push(i);
            resolve(i);
          }, 20);
        }),
      { concurrency: 3 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataLoadError);
    expect((err as DataLoadError).code).toBe('not-found');
    expect(started).toEqual([0, 1, 2]);
    // Settled before the rejection, never aborted.
    expect(finished.sort()).toEqual([0, 2]);
    expect(signals.some((s) => s.aborted)).toBe(false);
  });

  it('cancellation from outside aborts in-flight tasks and rejects as aborted', async () => {
    const ac = new AbortController();
    const seen: AbortSignal[] = [];
    const p = mapBounded(
      [1, 2, 3],
      (_i, _idx, signal) =>
        new Promise<number>((_res, reject) => {
          seen.push(signal);
          signal.addEventListener('abort', () => reject(new DataLoadError('aborted', 'x')));
        }),
      { concurrency: 2, signal: ac.signal },
    );
    await tick();
    ac.abort();
    const err = (await p.catch((e: unknown) => e)) as DataLoadError;
    expect(err.code).toBe('aborted');
    expect(seen).toHaveLength(2);
    expect(seen.every((s) => s.aborted)).toBe(true);
    const before = new AbortController();
    before.abort();
    expect(((await mapBounded([1], async () => 1, { concurrency: 1, signal: before.signal }).catch((e: unknown) => e)) as DataLoadError).code).toBe('aborted');
  });

  it('an empty list resolves at once; a throwing onResult fails the whole map', async () => {
    expect(await mapBounded([], async () => 1, { concurrency: 4 })).toEqual([]);
    const err = await mapBounded([1, 2], async (x) => x, {
      concurrency: 1,
      onResult: () => {
        throw new Error('disk full');
      },
    }).catch((e: unknown) => e);
    expect(String(err)).toContain('disk full');
  });
});
