/**
 * Writes streamed row groups to IndexedDB in batches, off the critical path: `add` only queues;
 * a batch (every `everyMs`, or at `maxBatch` groups) goes in one transaction together with the
 * dataset record's resume count, one transaction at a time. A write that fails stops further
 * writes and is reported by `close` (the load then fails with that error; what was written still
 * resumes).
 */
import type { DataCache } from './cache.ts';
import type { ListChunk } from './chunk.ts';
import { DataLoadError } from './errors.ts';

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

  constructor(cache: DataCache, key: string, alreadyDone: number, opts: { everyMs?: number; maxBatch?: number } = {}) {
    this.#cache = cache;
    this.#key = key;
    this.#done = alreadyDone;
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
    if (this.#error) {
      const msg = this.#error instanceof Error ? this.#error.message : String(this.#error);
      throw new DataLoadError('storage', `The browser could not store the downloaded data (${msg}). Free some disk space or allow more storage for this site, then retry.`);
    }
  }
}
