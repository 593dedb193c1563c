/**
 * A DataReader whose implementation is made on first use. The page reads through two data
 * workers, and the expert table's worker is started when the table is first read: a worker's
 * start (≈ 0.3–0.5 s of a core) would otherwise compete with the first worker's, and with the
 * list's decoding, for the first row. Where module workers are missing the page decodes on the
 * main thread, and importing that reader (and hyparquet with it) up front put ~80 KB of script in
 * front of every first paint: this wrapper keeps it out until a call needs it.
 */
import type { ChunkStore, DataReader, ExpertFileRequest, OpenedFile } from './reader.ts';
import type { DetailRow } from './decode.ts';
import type { ListChunk } from './chunk.ts';
import type { FileSpec } from './config.ts';
import type { ReadOptions } from './options.ts';
import type { FileTail } from './parquet-file.ts';
import type { InstructionRow } from '../pollux/types.ts';
import type { InstructionHead } from './types.ts';

export class LazyReader implements DataReader {
  readonly storesChunks: boolean;
  #load: () => Promise<DataReader>;
  #reader: Promise<DataReader> | null = null;
  #options: ReadOptions | null = null;

  /** `storesChunks`: what the reader it makes will say (the loader asks before any call). */
  constructor(load: () => Promise<DataReader>, opts: { storesChunks?: boolean } = {}) {
    this.#load = load;
    this.storesChunks = opts.storesChunks ?? false;
  }

  #get(): Promise<DataReader> {
    if (!this.#reader) {
      const loading = this.#load().then((r) => {
        if (this.#options) r.setOptions(this.#options);
        return r;
      });
      // A failed import is not remembered: the next call tries again.
      loading.catch(() => (this.#reader = null));
      this.#reader = loading;
    }
    return this.#reader;
  }

  setOptions(options: ReadOptions): void {
    this.#options = options;
    void this.#reader?.then((r) => r.setOptions(options)).catch(() => undefined);
  }

  async open(file: FileSpec, tail?: FileTail, signal?: AbortSignal): Promise<OpenedFile> {
    return (await this.#get()).open(file, tail, signal);
  }

  async instructions(file: FileSpec, tail?: FileTail, signal?: AbortSignal, onHeads?: (heads: InstructionHead[]) => void): Promise<InstructionRow[]> {
    return (await this.#get()).instructions(file, tail, signal, onHeads);
  }

  async experts(files: ExpertFileRequest[], onChunk: (chunk: ListChunk) => void, signal?: AbortSignal, store?: ChunkStore): Promise<void> {
    return (await this.#get()).experts(files, onChunk, signal, store);
  }

  async details(file: FileSpec, tail: FileTail | undefined, ranges: readonly (readonly [number, number])[], signal?: AbortSignal): Promise<DetailRow[]> {
    return (await this.#get()).details(file, tail, ranges, signal);
  }
}
