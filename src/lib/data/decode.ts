/**
 * Parquet → app rows, with hyparquet, over any AsyncBuffer (range-backed URL or local Blob).
 * Reads the footer once per file, then only the projected columns of the asked row group or
 * row range. The same code runs in the Web Worker (browser) and directly in unit tests.
 */
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type FileMetaData } from 'hyparquet';
import { DataLoadError, toDataLoadError } from './errors.ts';
import { DETAIL_COLUMNS, INSTRUCTION_COLUMNS, INSTRUCTION_REQUIRED, LIST_COLUMNS, classifyColumns } from './columns.ts';
import { encodeListChunk, type ListChunk, type ListRow } from './chunk.ts';
import { asAnnotations, asBool, asNumber, asRubrics, asString } from './values.ts';
import { blobBuffer, probeSize, rangeBuffer, type AsyncBufferLike, type RangeFetchOptions } from './range-fetch.ts';
import type { FileSpec } from './config.ts';
import type { InstructionRow } from '../pollux/types.ts';
import type { ExpertAnnotation } from './types.ts';

export interface FileLayout {
  name: string;
  size: number;
  numRows: number;
  columns: string[];
  kind: 'experts' | 'instructions' | 'unknown';
  /** Row offset and count of each row group. */
  rowGroups: { rowStart: number; numRows: number }[];
  /** Compressed bytes of the list columns' chunks (what a cold list load must transfer). */
  listBytes: number;
}

/** One expert row as an instruction page needs it. */
export interface DetailRow {
  file: string;
  row: number;
  reference_answer: string;
  answer: string;
  model_id: string;
  criteria_name: string;
  criteria_description: string;
  rubrics: string;
  rubrics_example: string;
  annotations: ExpertAnnotation[];
  criteria_score: number;
}

/** What the loader needs from a decoder; implemented in-process and by the worker client. */
export interface Decoder {
  layout(file: FileSpec): Promise<FileLayout>;
  listChunk(file: FileSpec, rowGroup: number): Promise<ListChunk>;
  instructions(file: FileSpec): Promise<InstructionRow[]>;
  details(file: FileSpec, ranges: readonly (readonly [number, number])[]): Promise<DetailRow[]>;
}

function topColumns(md: FileMetaData): string[] {
  return parquetSchema(md).children.map((c) => c.element.name);
}

export function layoutOf(name: string, size: number, md: FileMetaData): FileLayout {
  const columns = topColumns(md);
  let rowStart = 0;
  let listBytes = 0;
  const rowGroups = md.row_groups.map((rg) => {
    const numRows = Number(rg.num_rows);
    const g = { rowStart, numRows };
    rowStart += numRows;
    for (const c of rg.columns) {
      const path = c.meta_data?.path_in_schema ?? [];
      if (path.length > 0 && LIST_COLUMNS.includes(path[0])) listBytes += Number(c.meta_data?.total_compressed_size ?? 0);
    }
    return g;
  });
  return { name, size, numRows: Number(md.num_rows), columns, kind: classifyColumns(columns), rowGroups, listBytes };
}

export function requireColumns(layout: FileLayout, needed: readonly string[]): void {
  const missing = needed.filter((c) => !layout.columns.includes(c));
  if (missing.length > 0) {
    throw new DataLoadError('corrupt', `${layout.name}: missing column(s) ${missing.join(', ')}; found ${layout.columns.join(', ')}`);
  }
}

/**
 * In-process decoder. Keeps each file's footer in memory, so the footer is fetched once per
 * session and file (the worker lives as long as the page).
 */
export class ParquetDecoder implements Decoder {
  #opts: RangeFetchOptions;
  #files = new Map<string, Promise<{ buf: AsyncBufferLike; md: FileMetaData; layout: FileLayout }>>();

  constructor(opts: RangeFetchOptions) {
    this.#opts = opts;
  }

  #open(file: FileSpec) {
    const key = file.kind === 'url' ? file.url : `blob:${file.name}`;
    let p = this.#files.get(key);
    if (!p) {
      p = (async () => {
        try {
          let buf: AsyncBufferLike;
          if (file.kind === 'blob') buf = blobBuffer(file.blob);
          else buf = rangeBuffer(file.url, file.size ?? (await probeSize(file.url, this.#opts)), this.#opts);
          // 32 KB first: POLLUX footers are small, and hyparquet fetches the rest if not.
          const md = await parquetMetadataAsync(buf, { initialFetchSize: Math.min(buf.byteLength, 1 << 15) });
          return { buf, md, layout: layoutOf(file.name, buf.byteLength, md) };
        } catch (err) {
          throw toDataLoadError(err, file.kind === 'url' ? file.url : file.name);
        }
      })();
      // A failed open is not remembered, so Retry really retries.
      p.catch(() => this.#files.delete(key));
      this.#files.set(key, p);
    }
    return p;
  }

  async layout(file: FileSpec): Promise<FileLayout> {
    return (await this.#open(file)).layout;
  }

  async listChunk(file: FileSpec, rowGroup: number): Promise<ListChunk> {
    const { buf, md, layout } = await this.#open(file);
    requireColumns(layout, LIST_COLUMNS);
    const g = layout.rowGroups[rowGroup];
    if (!g) throw new DataLoadError('corrupt', `${file.name}: no row group ${rowGroup}`);
    try {
      const rows = await parquetReadObjects({ file: buf, metadata: md, columns: [...LIST_COLUMNS], rowStart: g.rowStart, rowEnd: g.rowStart + g.numRows });
      const list: ListRow[] = rows.map((r) => ({
        instruction: asString(r.instruction),
        model_id: asString(r.model_id),
        task_type: asString(r.task_type),
        task_subtype: asString(r.task_subtype),
        task_subsubtype: asString(r.task_subsubtype),
        difficulty: asString(r.difficulty),
        domain: asString(r.domain),
        criteria_name: asString(r.criteria_name),
        rubrics: asString(r.rubrics),
        is_provocative: asBool(r.is_provocative),
        criteria_score: asNumber(r.criteria_score),
      }));
      return encodeListChunk(file.name, rowGroup, g.rowStart, list);
    } catch (err) {
      throw toDataLoadError(err, file.name);
    }
  }

  async instructions(file: FileSpec): Promise<InstructionRow[]> {
    const { buf, md, layout } = await this.#open(file);
    requireColumns(layout, INSTRUCTION_REQUIRED);
    const columns = INSTRUCTION_COLUMNS.filter((c) => layout.columns.includes(c));
    try {
      const rows = await parquetReadObjects({ file: buf, metadata: md, columns });
      return rows.map((r) => ({
        prompt_id: asNumber(r.prompt_id),
        instruction: asString(r.instruction),
        reference_answer: asString(r.reference_answer),
        meta: asString(r.meta),
        difficulty: asString(r.difficulty),
        task_type: asString(r.task_type),
        task_subtype: asString(r.task_subtype),
        task_subsubtype: asString(r.task_subsubtype),
        domain: asString(r.domain),
        // Only what the judge prompt needs: descriptions and examples are long and shown lazily.
        criteria: (Array.isArray(r.criteria) ? r.criteria : []).flatMap((c: unknown) =>
          typeof c === 'object' && c !== null
            ? [{ criteria_name: asString((c as { criteria_name?: unknown }).criteria_name), rubrics: asRubrics((c as { rubrics?: unknown }).rubrics) }]
            : [],
        ),
      }));
    } catch (err) {
      throw toDataLoadError(err, file.name);
    }
  }

  async details(file: FileSpec, ranges: readonly (readonly [number, number])[]): Promise<DetailRow[]> {
    const { buf, md, layout } = await this.#open(file);
    requireColumns(layout, DETAIL_COLUMNS);
    const out: DetailRow[] = [];
    try {
      for (const [start, end] of ranges) {
        // useOffsetIndex: where the file has a page index, only the pages holding these rows are read.
        const rows = await parquetReadObjects({ file: buf, metadata: md, columns: [...DETAIL_COLUMNS], rowStart: start, rowEnd: end, useOffsetIndex: true });
        rows.forEach((r, i) =>
          out.push({
            file: file.name,
            row: start + i,
            reference_answer: asString(r.reference_answer),
            answer: asString(r.answer),
            model_id: asString(r.model_id),
            criteria_name: asString(r.criteria_name),
            criteria_description: asString(r.criteria_description),
            rubrics: asString(r.rubrics),
            rubrics_example: asString(r.rubrics_example),
            annotations: asAnnotations(r.annotations),
            criteria_score: asNumber(r.criteria_score),
          }),
        );
      }
    } catch (err) {
      throw toDataLoadError(err, file.name);
    }
    return out;
  }
}
