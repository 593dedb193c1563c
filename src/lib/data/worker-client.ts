/**
 * The page's side of the data worker: a `DataReader` whose calls go through the shared RPC
 * protocol, with per-call cancellation; byte counts, rate-limit waits and streamed row groups
 * arrive as events. A crashed worker fails every call in flight with a located error.
 */
import { RpcClient, type Endpoint } from '../worker/rpc.ts';
import type { FileSpec } from './config.ts';
import type { ListChunk } from './chunk.ts';
import type { DetailRow } from './decode.ts';
import { joinInstructionParts } from './instruction-parts.ts';
import { DataLoadError, reviveDataError } from './errors.ts';
import type { ReadOptions } from './options.ts';
import type { FileTail } from './parquet-file.ts';
import type { ChunkStore, DataReader, ExpertFileRequest, OpenedFile, ReaderHooks } from './reader.ts';
import type { DataEvent, DataMethods } from './worker-protocol.ts';
import type { InstructionRow } from '../pollux/types.ts';
import type { InstructionHead } from './types.ts';

export class DataWorkerClient implements DataReader {
  /** Set when the worker was given its database (worker.ts is): it then stores what it streams. */
  readonly storesChunks: boolean;
  #rpc: RpcClient<DataMethods, DataEvent>;
  /** Per call, by tag: where its streamed row groups or instruction heads go. */
  #tagged = new Map<number, (e: Extract<DataEvent, { tag: number }>) => void>();
  #nextTag = 1;

  constructor(worker: Endpoint & { onerror?: ((ev: ErrorEvent) => void) | null }, hooks: ReaderHooks, opts: { storesChunks?: boolean } = {}) {
    this.storesChunks = opts.storesChunks ?? false;
    this.#rpc = new RpcClient<DataMethods, DataEvent>(worker, {
      reviveError: reviveDataError,
      onEvent: (e) => {
        if (e.type === 'bytes') {
          if (e.planned) hooks.onPlanned?.(e.planned);
          if (e.received) hooks.onBytes?.(e.received);
        } else if (e.type === 'wait') hooks.onWait?.(e.waitS, e.attempt, e.url);
        else this.#tagged.get(e.tag)?.(e);
      },
    });
    worker.onerror = (ev: ErrorEvent) => {
      this.#rpc.failAll(new DataLoadError('corrupt', `The data worker stopped unexpectedly (${ev.message || 'no message'}); reload the page to start it again.`));
    };
  }

  open(file: FileSpec, tail?: FileTail, signal?: AbortSignal): Promise<OpenedFile> {
    return this.#rpc.call('open', { file, tail }, { signal });
  }

  async instructions(file: FileSpec, tail?: FileTail, signal?: AbortSignal, onHeads?: (heads: InstructionHead[]) => void): Promise<InstructionRow[]> {
    let heads: InstructionHead[] | null = null;
    const extras = await this.#withTag(
      (e) => {
        if (e.type !== 'heads') return;
        heads = e.heads;
        onHeads?.(e.heads);
      },
      (tag) => this.#rpc.call('instructions', { tag, file, tail }, { signal }),
    );
    // The worker sends the heads before the result, always: without them the reply is malformed.
    if (!heads) throw new DataLoadError('corrupt', `${file.name}: the data worker sent no instruction list`, { file: file.name });
    return joinInstructionParts(file.name, heads, extras);
  }

  async #withTag<T>(handler: (e: Extract<DataEvent, { tag: number }>) => void, call: (tag: number) => Promise<T>): Promise<T> {
    const tag = this.#nextTag++;
    this.#tagged.set(tag, handler);
    try {
      return await call(tag);
    } finally {
      this.#tagged.delete(tag);
    }
  }

  async experts(files: ExpertFileRequest[], onChunk: (chunk: ListChunk) => void, signal?: AbortSignal, store?: ChunkStore): Promise<void> {
    await this.#withTag(
      (e) => {
        if (e.type === 'chunk') onChunk(e.chunk);
      },
      (tag) => this.#rpc.call('experts', { tag, files, store: this.storesChunks ? store : undefined }, { signal }),
    );
  }

  details(file: FileSpec, tail: FileTail | undefined, ranges: readonly (readonly [number, number])[], signal?: AbortSignal): Promise<DetailRow[]> {
    return this.#rpc.call('details', { file, tail, ranges: ranges.map(([a, b]) => [a, b]) }, { signal });
  }

  setOptions(options: ReadOptions): void {
    void this.#rpc.call('setOptions', options).catch(() => undefined);
  }
}

/**
 * Two readers as one: the expert table streams through its own (a second worker), so its
 * decoding runs on another core than the instruction list's and an instruction page's reads.
 */
export class ReaderPair implements DataReader {
  #main: DataReader;
  get storesChunks(): boolean {
    return this.#experts.storesChunks;
  }
  #experts: DataReader;

  constructor(main: DataReader, experts: DataReader) {
    this.#main = main;
    this.#experts = experts;
  }

  open(file: FileSpec, tail?: FileTail, signal?: AbortSignal): Promise<OpenedFile> {
    return this.#main.open(file, tail, signal);
  }

  instructions(file: FileSpec, tail?: FileTail, signal?: AbortSignal, onHeads?: (heads: InstructionHead[]) => void): Promise<InstructionRow[]> {
    return this.#main.instructions(file, tail, signal, onHeads);
  }

  experts(files: ExpertFileRequest[], onChunk: (chunk: ListChunk) => void, signal?: AbortSignal, store?: ChunkStore): Promise<void> {
    return this.#experts.experts(files, onChunk, signal, store);
  }

  details(file: FileSpec, tail: FileTail | undefined, ranges: readonly (readonly [number, number])[], signal?: AbortSignal): Promise<DetailRow[]> {
    return this.#main.details(file, tail, ranges, signal);
  }

  setOptions(options: ReadOptions): void {
    this.#main.setOptions(options);
    this.#experts.setOptions(options);
  }
}
