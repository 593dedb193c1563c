/**
 * The expert table, streamed: the list columns of the wanted row groups of several files are
 * planned as coalesced ranges (close chunks and neighbouring groups merged within the byte
 * budget), fetched a few at a time, and each row group is decoded as soon as every range it needs
 * has landed, so chunks flow to the page while later ranges are still in flight. A range's bytes
 * are dropped once every group it serves is decoded. One failure (fetch or decode) stops the rest.
 */
import type { FileMetaData } from 'hyparquet';
import { coalesceSpans, type CoalesceOptions, type Span } from './coalesce.ts';
import { LIST_COLUMNS } from './columns.ts';
import type { ListChunk } from './chunk.ts';
import { decodeListChunk } from './decode.ts';
import { DataLoadError } from './errors.ts';
import { chunkSpan, columnChunks, outsideTail, type FileTail } from './parquet-file.ts';
import { PieceBuffer } from './pieces.ts';
import type { AsyncBufferLike } from './range-fetch.ts';
import { mapBounded } from './schedule.ts';

export interface StreamFile {
  name: string;
  md: FileMetaData;
  tail: FileTail;
  rowGroups: number[];
  /** Bytes [start, end) of the file, counted as received (planning is done here). */
  fetch: (start: number, end: number, signal: AbortSignal) => Promise<ArrayBuffer>;
  /** Serves a slice outside every planned range (a planning bug; counted by PieceBuffer). */
  fallback: AsyncBufferLike;
}

export interface StreamOptions {
  gaps: CoalesceOptions;
  concurrency: number;
  signal?: AbortSignal;
  onPlanned?: (bytes: number) => void;
  onChunk: (chunk: ListChunk) => void;
}

interface Task extends Span {
  file: number;
  groups: number[];
}

export async function streamRowGroups(files: readonly StreamFile[], opts: StreamOptions): Promise<void> {
  const tasks: Task[] = [];
  /** `${file}#${group}` → ranges still missing, and the ranges it needs. */
  const missing = new Map<string, number>();
  const needs = new Map<string, number[]>();
  files.forEach((f, fi) => {
    const spans: (Span & { group: number })[] = [];
    for (const g of f.rowGroups) {
      missing.set(`${fi}#${g}`, 0);
      needs.set(`${fi}#${g}`, []);
      for (const c of columnChunks(f.md, g, LIST_COLUMNS)) spans.push({ ...chunkSpan(c), group: g });
    }
    for (const r of coalesceSpans(outsideTail(spans, f.tail), opts.gaps)) {
      const groups = [...new Set(r.members.map((m) => spans[m].group))];
      for (const g of groups) {
        missing.set(`${fi}#${g}`, missing.get(`${fi}#${g}`)! + 1);
        needs.get(`${fi}#${g}`)!.push(tasks.length);
      }
      tasks.push({ start: r.start, end: r.end, file: fi, groups });
    }
  });
  opts.onPlanned?.(tasks.reduce((s, t) => s + (t.end - t.start), 0));

  const inner = new AbortController();
  const stop = () => inner.abort();
  opts.signal?.addEventListener('abort', stop, { once: true });
  const landed = new Map<number, { bytes: ArrayBuffer; users: number }>();
  let decodeError: unknown = null;
  // Decoding is serial (one thread); fetches go on meanwhile.
  let decoding: Promise<void> = Promise.resolve();
  const decode = (fi: number, group: number) => {
    decoding = decoding.then(async () => {
      if (decodeError || inner.signal.aborted) return;
      const f = files[fi];
      const ids = needs.get(`${fi}#${group}`)!;
      try {
        const buf = new PieceBuffer(f.tail.size, f.fallback).add(f.tail.start, f.tail.bytes);
        for (const id of ids) buf.add(tasks[id].start, landed.get(id)!.bytes);
        opts.onChunk(await decodeListChunk(f.name, f.md, group, buf));
        for (const id of ids) if (--landed.get(id)!.users === 0) landed.delete(id);
      } catch (err) {
        decodeError = err;
        inner.abort();
      }
    });
  };
  // Row groups held entirely by the tail (small files) need no request.
  for (const [k, n] of missing) {
    if (n > 0) continue;
    const [fi, g] = k.split('#').map(Number);
    decode(fi, g);
  }
  try {
    await mapBounded(
      tasks,
      async (t, id, signal) => {
        landed.set(id, { bytes: await files[t.file].fetch(t.start, t.end, signal), users: t.groups.length });
        for (const g of t.groups) {
          const k = `${t.file}#${g}`;
          const left = missing.get(k)! - 1;
          missing.set(k, left);
          if (left === 0) decode(t.file, g);
        }
        return null;
      },
      { concurrency: opts.concurrency, signal: inner.signal },
    );
    await decoding;
  } catch (err) {
    await decoding;
    throw decodeError ?? err;
  } finally {
    opts.signal?.removeEventListener('abort', stop);
  }
  if (decodeError) throw decodeError;
  if (opts.signal?.aborted) throw new DataLoadError('aborted', 'Loading was cancelled');
}
