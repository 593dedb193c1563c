/**
 * Writes streamed row groups to IndexedDB in batches, off the critical path: `add` only queues;
 * a batch (every `everyMs`, or at `maxBatch` groups) goes in one transaction together with the
 * dataset record's resume count, one transaction at a time. A write that fails stops further
 * writes and is reported by `close` (the load then fails with that error; what was written still
 * resumes).
 */
import type { DataCache } from './cache.ts';
import type { ListChunk } from './chunk.ts';
import { storageError } from './errors.ts';

export class ChunkWriter {
  #cache: DataCache;
  #key: string;
  #done: number;
  #queue: ListChunk[] = [];
  #writing: Promise<void> = Promise.resolve();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #error: unknown = null;
  #everyMs: number;
  #maxBatch: number;

  /** `opts.after`: writes that must land first (the dataset record the batches update). */
  constructor(cache: DataCache, key: string, alreadyDone: number, opts: { everyMs?: number; maxBatch?: number; after?: Promise<unknown> } = {}) {
    this.#cache = cache;
    this.#key = key;
    this.#done = alreadyDone;
    if (opts.after) this.#writing = opts.after.then(() => undefined, (err: unknown) => void (this.#error = err));
    this.#everyMs = opts.everyMs ?? 500;
    this.#maxBatch = opts.maxBatch ?? 32;
  }

  add(chunk: ListChunk): void {
    this.#queue.push(chunk);
    if (this.#queue.length >= this.#maxBatch) this.#write();
    else this.#timer ??= setTimeout(() => this.#write(), this.#everyMs);
  }

  #write(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#queue.length === 0 || this.#error) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#writing = this.#writing.then(async () => {
      if (this.#error) return;
      try {
        await this.#cache.putListChunks(this.#key, batch, this.#done + batch.length);
        this.#done += batch.length;
      } catch (err) {
        this.#error = err;
      }
    });
  }

  /** Writes what is queued and waits for every write; throws the first write error. */
  async close(): Promise<void> {
    this.#write();
    await this.#writing;
    if (this.#error) throw storageError(this.#error);
  }
}
