import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTask } from '../../../src/state/next-task.ts';

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
