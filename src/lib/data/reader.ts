/**
 * The read engine of the data worker: opens parquet files by their tails (cached with the dataset
 * when possible), plans which byte ranges each read needs, merges close ranges (coalesce.ts),
 * fetches them a few at a time (schedule.ts) and decodes from memory (decode.ts). Three reads:
 * the POLLUX-instructions list (only the columns the app uses), the expert table row group by row
 * group (streamed to `onChunk` as each group's bytes are in), and one instruction's detail rows
 * (single pages when the file has an offset index, else the column chunks of its row groups).
 *
 * Progress is reported as planned bytes (before a read starts) and received bytes, so a bar over
 * both ends at exactly 100 %.
 */
import type { FileMetaData } from 'hyparquet';
import { coalesceSpans, type Span } from './coalesce.ts';
import { DETAIL_COLUMNS, INSTRUCTION_EXTRA_COLUMNS, INSTRUCTION_REQUIRED, LIST_COLUMNS, instructionLeafWanted } from './columns.ts';
import type { FileSpec } from './config.ts';
import { decodeDetails, decodeInstructionExtras, decodeInstructionHeads, layoutOf, requireColumns, type DetailRow, type FileLayout } from './decode.ts';
import type { ListChunk } from './chunk.ts';
import { DataLoadError, corruptAt, toDataLoadError } from './errors.ts';
import { DEFAULT_READ_OPTIONS, type ReadOptions } from './options.ts';
import { chunkSpan, columnChunks, indexUsable, metadataOf, outsideTail, pageSpans, pruneLeaves, readTail, rowGroupStarts, tailHasIndex, type FileTail } from './parquet-file.ts';
import { PieceBuffer } from './pieces.ts';
import { joinInstructionParts } from './instruction-parts.ts';
import { streamRowGroups, type StreamFile } from './stream.ts';
import { blobBuffer, fetchRange, probeSize, type AsyncBufferLike, type FetchLike, type RangeFetchOptions } from './range-fetch.ts';
import type { ResolvedUrls } from './redirects.ts';
import { Limiter, mapBounded } from './schedule.ts';
import type { InstructionRow } from '../pollux/types.ts';
import type { InstructionHead } from './types.ts';

export interface OpenedFile {
  layout: FileLayout;
  tail: FileTail;
}

export interface ExpertFileRequest {
  file: FileSpec;
  tail?: FileTail;
  /** Row groups to read (the ones not cached yet). */
  rowGroups: number[];
}

/** Where a reader that stores what it streams (the expert worker) puts the row groups. */
export interface ChunkStore {
  datasetKey: string;
  /** Row groups already cached, for the record's resume count. */
  doneBefore: number;
}

/** What the loader needs from a reader; implemented in-process (this file) and by the worker client. */
export interface DataReader {
  /**
   * Whether `experts` stores the row groups it streams (given a ChunkStore) in IndexedDB itself:
   * then the page's main thread never clones them for storage.
   */
  readonly storesChunks: boolean;
  open(file: FileSpec, tail?: FileTail, signal?: AbortSignal): Promise<OpenedFile>;
  /**
   * POLLUX-instructions' rows. `onHeads` gets them without criteria and reference answers first,
   * as soon as those columns are decoded (the list is shown from them).
   */
  instructions(file: FileSpec, tail?: FileTail, signal?: AbortSignal, onHeads?: (heads: InstructionHead[]) => void): Promise<InstructionRow[]>;
  experts(files: ExpertFileRequest[], onChunk: (chunk: ListChunk) => void, signal?: AbortSignal, store?: ChunkStore): Promise<void>;
  details(file: FileSpec, tail: FileTail | undefined, ranges: readonly (readonly [number, number])[], signal?: AbortSignal): Promise<DetailRow[]>;
  setOptions(options: ReadOptions): void;
}

export interface ReaderHooks {
  /** Bytes about to be requested (once per range, retries included in the same count). */
  onPlanned?: (bytes: number) => void;
  /** Bytes received; a failed attempt's bytes come back negative. */
  onBytes?: (bytes: number) => void;
  onWait?: (waitS: number, attempt: number, url: string) => void;
}

export interface ReaderDeps extends ReaderHooks {
  fetch: FetchLike;
  options?: ReadOptions;
  redirects?: ResolvedUrls;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Experts reads merge ranges up to this size: larger ones would serialise a file into one long request. */
const MAX_EXPERT_RANGE = 1 << 20;

interface Opened extends OpenedFile {
  md: FileMetaData;
}

function fileKey(f: FileSpec): string {
  return f.kind === 'url' ? f.url : `blob:${f.name}:${f.size}`;
}

function locate(f: FileSpec): string {
  return f.kind === 'url' ? f.url : f.name;
}

export class ParquetReader implements DataReader {
  readonly storesChunks = false;
  #deps: ReaderDeps;
  #options: ReadOptions;
  #files = new Map<string, Promise<Opened>>();
  /** Every request of every read goes through it: the in-flight setting holds across reads. */
  #limit: Limiter;

  constructor(deps: ReaderDeps) {
    this.#deps = deps;
    this.#options = deps.options ?? DEFAULT_READ_OPTIONS;
    this.#limit = new Limiter(this.#options.concurrency);
  }

  setOptions(options: ReadOptions): void {
    this.#options = options;
    this.#limit.limit = options.concurrency;
  }

  #gaps(): { maxGap: number; gapBudget: number } {
    return { maxGap: this.#options.maxGapBytes, gapBudget: this.#options.gapBudget };
  }

  #rangeOpts(signal?: AbortSignal): RangeFetchOptions {
    const d = this.#deps;
    return {
      fetch: d.fetch,
      signal,
      onBytes: d.onBytes,
      onWait: d.onWait,
      sleep: d.sleep,
      readTimeoutS: this.#options.readTimeoutS,
      retries: this.#options.retries,
      redirects: d.redirects,
    };
  }

  /** The file as an AsyncBuffer whose every slice is planned and counted. */
  #buffer(file: FileSpec, size: number, signal?: AbortSignal): AsyncBufferLike {
    const { onPlanned, onBytes } = this.#deps;
    if (file.kind === 'blob') {
      const blob = blobBuffer(file.blob);
      return {
        byteLength: size,
        async slice(start, end = size) {
          onPlanned?.(end - start);
          const b = await blob.slice(start, end);
          onBytes?.(b.byteLength);
          return b;
        },
      };
    }
    const opts = this.#rangeOpts(signal);
    const limit = this.#limit;
    return {
      byteLength: size,
      async slice(start, end = size) {
        const stop = Math.min(end, size);
        if (stop <= start) return new ArrayBuffer(0);
        onPlanned?.(stop - start);
        return (await limit.run(() => fetchRange(file.url, start, stop - 1, size, opts))).buffer;
      },
    };
  }

  #open(file: FileSpec, tail: FileTail | undefined, signal?: AbortSignal): Promise<Opened> {
    const key = fileKey(file);
    let p = this.#files.get(key);
    if (!p) {
      p = (async () => {
        try {
          let md: FileMetaData;
          if (tail) md = metadataOf(tail);
          else {
            let size = file.size;
            if (size === undefined && file.kind === 'url') {
              this.#deps.onPlanned?.(1);
              const url = file.url;
              size = await this.#limit.run(() => probeSize(url, this.#rangeOpts(signal)));
            }
            const read = await readTail(this.#buffer(file, size ?? 0, signal));
            tail = read.tail;
            md = read.metadata;
          }
          const pageIndex = md.row_groups.some((rg) => rg.columns.some((c) => tailHasIndex(tail!, c)));
          return { md, tail, layout: layoutOf(file.name, tail.size, md, pageIndex) };
        } catch (err) {
          if (err instanceof DataLoadError) throw err;
          throw corruptAt(toDataLoadError(err, locate(file)), file.name);
        }
      })();
      // A failed open is not remembered, so Retry really retries.
      p.catch(() => this.#files.delete(key));
      this.#files.set(key, p);
    }
    return p;
  }

  async open(file: FileSpec, tail?: FileTail, signal?: AbortSignal): Promise<OpenedFile> {
    const { layout, tail: t } = await this.#open(file, tail, signal);
    return { layout, tail: t };
  }

  /** Bytes [start, end) without planning them (the caller planned the whole read), counted as received. */
  async #fetchBytes(file: FileSpec, size: number, start: number, end: number, signal?: AbortSignal): Promise<ArrayBuffer> {
    if (file.kind === 'url') {
      const url = file.url;
      return (await this.#limit.run(() => fetchRange(url, start, end - 1, size, this.#rangeOpts(signal)))).buffer;
    }
    const bytes = await file.blob.slice(start, end).arrayBuffer();
    this.#deps.onBytes?.(bytes.byteLength);
    return bytes;
  }

  /** Fetches `ranges` (bounded parallel), calling `onRange` with each one's bytes as it lands. */
  async #fetchRanges(file: FileSpec, size: number, ranges: readonly Span[], signal: AbortSignal | undefined, onRange: (i: number, bytes: ArrayBuffer) => void): Promise<void> {
    this.#deps.onPlanned?.(ranges.reduce((s, r) => s + (r.end - r.start), 0));
    await mapBounded(
      ranges,
      async (r, i, s) => {
        onRange(i, await this.#fetchBytes(file, size, r.start, r.end, s));
        return null;
      },
      { concurrency: this.#options.concurrency, signal },
    );
  }

  async instructions(file: FileSpec, tail?: FileTail, signal?: AbortSignal, onHeads?: (heads: InstructionHead[]) => void): Promise<InstructionRow[]> {
    const o = await this.#open(file, tail, signal);
    requireColumns(o.layout, INSTRUCTION_REQUIRED);
    const md = pruneLeaves(o.md, instructionLeafWanted);
    const pieces = new PieceBuffer(o.tail.size, this.#buffer(file, o.tail.size, signal)).add(o.tail.start, o.tail.bytes);
    const read = (extras: boolean) => {
      const spans: Span[] = [];
      md.row_groups.forEach((rg) => {
        for (const c of rg.columns) if (INSTRUCTION_EXTRA_COLUMNS.includes(c.meta_data?.path_in_schema[0] ?? '') === extras) spans.push(chunkSpan(c));
      });
      const ranges = coalesceSpans(outsideTail(spans, o.tail), this.#gaps());
      return this.#fetchRanges(file, o.tail.size, ranges, signal, (i, bytes) => pieces.add(ranges[i].start, bytes));
    };
    // The heads' bytes first, alone: the list waits for nothing else. The criteria and reference
    // answers (a third of the file) are fetched while the heads decode.
    await read(false);
    const extras = read(true);
    extras.catch(() => undefined);
    const heads = await decodeInstructionHeads(file.name, md, pieces);
    onHeads?.(heads);
    await extras;
    return joinInstructionParts(file.name, heads, await decodeInstructionExtras(file.name, md, pieces));
  }

  async experts(requests: ExpertFileRequest[], onChunk: (chunk: ListChunk) => void, signal?: AbortSignal): Promise<void> {
    const opened = await Promise.all(requests.map((r) => this.#open(r.file, r.tail, signal)));
    const files: StreamFile[] = opened.map((o, i) => {
      requireColumns(o.layout, LIST_COLUMNS);
      const file = requests[i].file;
      return {
        name: file.name,
        md: o.md,
        tail: o.tail,
        rowGroups: requests[i].rowGroups,
        fetch: (start, end, s) => this.#fetchBytes(file, o.tail.size, start, end, s),
        fallback: this.#buffer(file, o.tail.size, signal),
      };
    });
    await streamRowGroups(files, { gaps: { ...this.#gaps(), maxBytes: MAX_EXPERT_RANGE }, concurrency: this.#options.concurrency, signal, onPlanned: this.#deps.onPlanned, onChunk });
  }

  async details(file: FileSpec, tail: FileTail | undefined, ranges: readonly (readonly [number, number])[], signal?: AbortSignal): Promise<DetailRow[]> {
    const o = await this.#open(file, tail, signal);
    requireColumns(o.layout, DETAIL_COLUMNS);
    const starts = rowGroupStarts(o.md);
    // Rows [start, end) of the file, split by row group.
    const parts: { group: number; start: number; end: number; useIndex: boolean }[] = [];
    const spans: (Span & { group: number })[] = [];
    for (const [start, end] of ranges) {
      o.md.row_groups.forEach((rg, g) => {
        const gs = starts[g];
        const ge = gs + Number(rg.num_rows);
        const s = Math.max(start, gs);
        const e = Math.min(end, ge);
        if (s >= e) return;
        const chunks = columnChunks(o.md, g, DETAIL_COLUMNS);
        // hyparquet reads a chunk's offset index when it has one: it must be in the cached tail.
        const useIndex = chunks.every((c) => indexUsable(o.tail, c));
        parts.push({ group: g, start: s, end: e, useIndex });
        for (const c of chunks) {
          const cs = useIndex && tailHasIndex(o.tail, c) ? pageSpans(o.tail, c, ge - gs, s - gs, e - gs) : [chunkSpan(c)];
          for (const sp of cs) spans.push({ ...sp, group: g });
        }
      });
    }
    const fetchRanges = coalesceSpans(outsideTail(spans, o.tail), { ...this.#gaps(), maxBytes: MAX_EXPERT_RANGE });
    const pieces = new PieceBuffer(o.tail.size, this.#buffer(file, o.tail.size, signal)).add(o.tail.start, o.tail.bytes);
    await this.#fetchRanges(file, o.tail.size, fetchRanges, signal, (i, bytes) => pieces.add(fetchRanges[i].start, bytes));
    const out: DetailRow[] = [];
    for (const p of parts) out.push(...(await decodeDetails(file.name, o.md, p.group, p.start, p.end, pieces, p.useIndex)));
    return out;
  }
}

