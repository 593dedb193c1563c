/**
 * The queue between the runner's cache pass and its workers: the pass pushes the jobs the cache
 * cannot answer, chunk by chunk, and workers take them as soon as they arrive. So the first
 * judgment of a resumed 10,000-job run starts after one small chunk of cache reads, not after
 * all of them, and the engine loads while the cache is still being replayed.
 */
export class JobFeed<T> {
  #items: T[] = [];
  #next = 0;
  #closed = false;
  #waiters: (() => void)[] = [];

  push(items: readonly T[]): void {
    this.#items.push(...items);
    this.#wake();
  }

  /** No more items will come. */
  close(): void {
    this.#closed = true;
    this.#wake();
  }

  /** The next item, waiting for one if the producer is still going; null when the feed is exhausted. */
  async take(): Promise<T | null> {
    for (;;) {
      if (this.#next < this.#items.length) return this.#items[this.#next++];
      if (this.#closed) return null;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Waits until an item is available (true) or the feed closed empty (false), without taking it. */
  async ready(): Promise<boolean> {
    for (;;) {
      if (this.#next < this.#items.length) return true;
      if (this.#closed) return false;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    waiters.forEach((w) => w());
  }
}
