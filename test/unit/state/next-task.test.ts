import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterPaint, nextTask } from '../../../src/state/next-task.ts';

describe('nextTask', () => {
  afterEach(() => vi.useRealTimers());

  it('resolves in a later task: after every microtask queued in this one', async () => {
    const order: string[] = [];
    const done = nextTask().then(() => order.push('next task'));
    queueMicrotask(() => order.push('microtask'));
    void Promise.resolve().then(() => Promise.resolve().then(() => order.push('chained microtask')));
    await done;
    expect(order).toEqual(['microtask', 'chained microtask', 'next task']);
  });

  it('uses no timer, so a stopped clock (or a throttled background tab) does not hold it', async () => {
    vi.useFakeTimers();
    await expect(nextTask()).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('afterPaint', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('resolves in a task after the next frame, not in the frame itself', async () => {
    const order: string[] = [];
    let frame: (() => void) | null = null;
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => {
      frame = cb;
      return 1;
    });
    const done = afterPaint().then(() => order.push('resolved'));
    await nextTask();
    expect(order).toEqual([]);
    // The frame's callback runs; the promise resolves in a task after it, not in its microtasks
    // (which run before that frame's layout).
    frame!();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(order).toEqual([]);
    await done;
    expect(order).toEqual(['resolved']);
  });

  it('a page that gets no frames (a background tab) waits at most 250 ms', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', () => 1);
    let resolved = false;
    void afterPaint().then(() => (resolved = true));
    await vi.advanceTimersByTimeAsync(249);
    expect(resolved).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(resolved).toBe(true);
  });
});
