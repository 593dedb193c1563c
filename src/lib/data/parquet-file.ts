/**
 * What a reader needs to know about a parquet file before it reads data: its tail (the footer,
 * plus the offset index when the file has one and it sits just before the footer, as writers put
 * it), the byte span of each column chunk, the pages of a chunk that hold given rows, and a copy
 * of the metadata with unwanted nested fields removed (hyparquet selects top-level columns only,
 * and POLLUX-instructions' `criteria` carries two long fields the app never shows). Pure apart
 * from the AsyncBuffer reads in `readTail`.
 */
import { parquetMetadata, readOffsetIndex, type ColumnChunk, type FileMetaData, type SchemaElement } from 'hyparquet';
import type { AsyncBufferLike } from './range-fetch.ts';
import type { Span } from './coalesce.ts';

/** The last bytes of a file: footer and (often) offset index. Cached with the dataset, so a reload reads no footer again. */
export interface FileTail {
  /** File offset of `bytes[0]`. */
  start: number;
  bytes: ArrayBuffer;
  /** The whole file's size. */
  size: number;
}

/**
 * The first read of a tail. Small footers (POLLUX-instructions, 10,000-row shards) come in one
 * request; POLLUX's own shards (1,000-row groups, ~140 KB footers) take a second.
 */
export const TAIL_FIRST_READ = 32 * 1024;
/** Offset indexes larger than this are not fetched with the footer (detail reads then use whole column chunks). */
export const MAX_INDEX_BYTES = 2 * 1024 * 1024;

function concat(a: ArrayBuffer, b: ArrayBuffer): ArrayBuffer {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(new Uint8Array(a), 0);
  out.set(new Uint8Array(b), a.byteLength);
  return out.buffer;
}

export function metadataOf(tail: FileTail): FileMetaData {
  return parquetMetadata(tail.bytes);
}

/** Start of the offset indexes (writers put them together before the footer); null when no chunk has one. */
function offsetIndexStart(md: FileMetaData): number | null {
  let start = Infinity;
  for (const rg of md.row_groups) {
    for (const c of rg.columns) if (c.offset_index_offset !== undefined && c.offset_index_length) start = Math.min(start, Number(c.offset_index_offset));
  }
  return Number.isFinite(start) ? start : null;
}

/** Whether hyparquet can read this chunk from the tail and the fetched pages: no offset index, or one the tail holds. */
export function indexUsable(tail: FileTail, c: ColumnChunk): boolean {
  return c.offset_index_offset === undefined || !c.offset_index_length || tailHasIndex(tail, c);
}

/**
 * Reads the tail: the last 64 KB, the rest of the footer if it is longer, then the offset index
 * when it lies within MAX_INDEX_BYTES before the footer. Two or three range requests.
 */
export async function readTail(buf: AsyncBufferLike): Promise<{ tail: FileTail; metadata: FileMetaData }> {
  const size = buf.byteLength;
  if (size < 12) throw new Error(`the file is ${size} bytes long, too short for parquet`);
  let start = Math.max(0, size - TAIL_FIRST_READ);
  let bytes = await buf.slice(start, size);
  const view = new DataView(bytes);
  if (view.getUint32(bytes.byteLength - 4, true) !== 0x31524150) throw new Error('the file does not end with the parquet magic bytes (PAR1)');
  const footerLength = view.getUint32(bytes.byteLength - 8, true) + 8;
  if (footerLength > size - 4) throw new Error(`the footer length ${footerLength} exceeds the file size ${size}`);
  if (footerLength > bytes.byteLength) {
    bytes = concat(await buf.slice(size - footerLength, start), bytes);
    start = size - footerLength;
  }
  const metadata = parquetMetadata(bytes);
  const idx = offsetIndexStart(metadata);
  if (idx !== null && idx < start && start - idx <= MAX_INDEX_BYTES) {
    bytes = concat(await buf.slice(idx, start), bytes);
    start = idx;
  }
  return { tail: { start, bytes, size }, metadata };
}

/** Bytes [start, end) of a column chunk: dictionary page (if any) through its last data page. */
export function chunkSpan(c: ColumnChunk): Span {
  const m = c.meta_data;
  if (!m) throw new Error('a column chunk has no metadata');
  const start = Number(m.dictionary_page_offset || m.data_page_offset);
  return { start, end: start + Number(m.total_compressed_size) };
}

/** The chunks of the named top-level columns in one row group. */
export function columnChunks(md: FileMetaData, rowGroup: number, columns: readonly string[]): ColumnChunk[] {
  const rg = md.row_groups[rowGroup];
  if (!rg) throw new Error(`there is no row group ${rowGroup}`);
  return rg.columns.filter((c) => columns.includes(c.meta_data?.path_in_schema[0] ?? ''));
}

export function rowGroupStarts(md: FileMetaData): number[] {
  const out: number[] = [];
  let at = 0;
  for (const rg of md.row_groups) {
    out.push(at);
    at += Number(rg.num_rows);
  }
  return out;
}

/** True when the tail holds this chunk's offset index. */
export function tailHasIndex(tail: FileTail, c: ColumnChunk): boolean {
  const at = c.offset_index_offset === undefined ? -1 : Number(c.offset_index_offset);
  return at >= tail.start && c.offset_index_length !== undefined && at + c.offset_index_length <= tail.start + tail.bytes.byteLength;
}

/**
 * The byte spans hyparquet reads for rows [selectStart, selectEnd) of a chunk (row numbers within
 * the row group): with an offset index in the tail, the dictionary page plus the data pages that
 * hold those rows (the same choice hyparquet's reader makes, so every slice it asks for is one we
 * fetched); without one, the whole chunk.
 */
export function pageSpans(tail: FileTail, c: ColumnChunk, groupRows: number, selectStart: number, selectEnd: number): Span[] {
  const whole = chunkSpan(c);
  const narrowed = selectStart > 0 || selectEnd < groupRows;
  if (!narrowed || !tailHasIndex(tail, c)) return [whole];
  const at = Number(c.offset_index_offset) - tail.start;
  const pages = readOffsetIndex({ view: new DataView(tail.bytes, at, c.offset_index_length), offset: 0 }).page_locations;
  if (pages.length === 0) return [whole];
  let startByte = whole.start;
  let endByte = whole.end;
  let skipped = -1;
  for (let i = 0; i < pages.length; i++) {
    const pageStart = Number(pages[i].first_row_index);
    const pageEnd = i + 1 < pages.length ? Number(pages[i + 1].first_row_index) : groupRows;
    if (skipped < 0 && pageEnd > selectStart) {
      startByte = Number(pages[i].offset);
      skipped = pageStart;
    }
    if (pageStart < selectEnd) endByte = Number(pages[i].offset) + pages[i].compressed_page_size;
  }
  const m = c.meta_data!;
  const firstPage = Number(pages[0].offset);
  const hasDict = Boolean(m.dictionary_page_offset) || Number(m.data_page_offset) < firstPage;
  if (hasDict && skipped > 0) return [{ start: whole.start, end: firstPage }, { start: startByte, end: endByte }];
  if (hasDict) return [{ start: whole.start, end: endByte }];
  return [{ start: startByte, end: endByte }];
}

/**
 * A copy of the metadata without the leaf columns `keep` rejects (and groups left empty), so
 * hyparquet neither fetches nor decodes them. Leaf paths are full paths, e.g.
 * ['criteria', 'list', 'element', 'criteria_description'].
 */
export function pruneLeaves(md: FileMetaData, keep: (path: readonly string[]) => boolean): FileMetaData {
  const schema = md.schema;
  const out: SchemaElement[] = [];
  let i = 0;
  // Depth-first over the flattened schema; returns whether anything under the element was kept.
  const walk = (path: string[]): boolean => {
    const el = schema[i++];
    const n = el.num_children ?? 0;
    const here = path.length === 0 && out.length === 0 ? [] : [...path, el.name];
    if (n === 0) {
      if (!keep(here)) return false;
      out.push({ ...el });
      return true;
    }
    const at = out.length;
    out.push({ ...el });
    let kept = 0;
    for (let k = 0; k < n; k++) if (walk(here)) kept++;
    if (kept === 0 && here.length > 0) {
      out.length = at;
      return false;
    }
    out[at] = { ...el, num_children: kept };
    return true;
  };
  walk([]);
  const row_groups = md.row_groups.map((rg) => ({ ...rg, columns: rg.columns.filter((c) => keep(c.meta_data?.path_in_schema ?? [])) }));
  return { ...md, schema: out, row_groups };
}

/** The spans minus what the tail already holds (clipped where a span runs into it). */
export function outsideTail<T extends Span>(spans: readonly T[], tail: FileTail): T[] {
  const out: T[] = [];
  for (const s of spans) {
    if (s.start >= tail.start) continue;
    out.push(s.end > tail.start ? { ...s, end: tail.start } : s);
  }
  return out;
}
