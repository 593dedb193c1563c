/**
 * Parquet → app rows, with hyparquet, from bytes already in memory (pieces.ts). Every decode is
 * checked: text columns must be valid UTF-8 (a fatal decoder, where hyparquet's default would
 * silently insert U+FFFD), each row group must yield exactly the rows its footer promises, and any
 * hyparquet failure becomes a `corrupt` error naming the file and row group. The same code runs in
 * the data worker and in unit tests.
 */
import { criterionSharer } from './share-criteria.ts';
import { parquetRead, parquetReadObjects, parquetSchema, type FileMetaData } from 'hyparquet';
import { DataLoadError, corruptAt } from './errors.ts';
import { DETAIL_COLUMNS, INSTRUCTION_COLUMNS, INSTRUCTION_EXTRA_COLUMNS, LIST_COLUMNS, classifyColumns } from './columns.ts';
import { encodeListColumns, type ListChunk, type ListColumns } from './chunk.ts';
import { asAnnotations, asNumber, asRubrics, asString } from './values.ts';
import { rowGroupStarts } from './parquet-file.ts';
import type { AsyncBufferLike } from './range-fetch.ts';
import type { ExpertAnnotation, InstructionExtras, InstructionHead } from './types.ts';

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
  /** Whether any chunk's offset index is in the cached tail (instruction pages then read single pages of it). */
  pageIndex: boolean;
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

const fatal = new TextDecoder('utf-8', { fatal: true });
/** hyparquet's string parser, made strict: invalid UTF-8 is corruption, not text to show. */
export const STRICT_PARSERS = {
  stringFromBytes(bytes: Uint8Array): string | undefined {
    if (!bytes) return bytes;
    try {
      return fatal.decode(bytes);
    } catch {
      throw new Error('a text value is not valid UTF-8');
    }
  },
};

function topColumns(md: FileMetaData): string[] {
  return parquetSchema(md).children.map((c) => c.element.name);
}

export function layoutOf(name: string, size: number, md: FileMetaData, pageIndex = false): FileLayout {
  const columns = topColumns(md);
  let listBytes = 0;
  const starts = rowGroupStarts(md);
  const rowGroups = md.row_groups.map((rg, i) => {
    for (const c of rg.columns) {
      const path = c.meta_data?.path_in_schema ?? [];
      if (path.length > 0 && LIST_COLUMNS.includes(path[0])) listBytes += Number(c.meta_data?.total_compressed_size ?? 0);
    }
    return { rowStart: starts[i], numRows: Number(rg.num_rows) };
  });
  return { name, size, numRows: Number(md.num_rows), columns, kind: classifyColumns(columns), rowGroups, listBytes, pageIndex };
}

export function requireColumns(layout: FileLayout, needed: readonly string[]): void {
  const missing = needed.filter((c) => !layout.columns.includes(c));
  if (missing.length > 0) {
    throw new DataLoadError('corrupt', `${layout.name}: missing column(s) ${missing.join(', ')}; found ${layout.columns.join(', ')}`, { file: layout.name });
  }
}

function checkCount(name: string, rowGroup: number | undefined, got: number, expected: number): void {
  if (got !== expected) throw corruptAt(new Error(`${got} rows decoded where the footer says ${expected}`), name, rowGroup);
}

/** One row group's list columns, as a dictionary-encoded chunk (column by column: no object per row). */
export async function decodeListChunk(name: string, md: FileMetaData, rowGroup: number, file: AsyncBufferLike): Promise<ListChunk> {
  const rowStart = rowGroupStarts(md)[rowGroup];
  const numRows = Number(md.row_groups[rowGroup].num_rows);
  const cols: Record<string, unknown[]> = Object.fromEntries(LIST_COLUMNS.map((c) => [c, new Array<unknown>(numRows)]));
  const filled: Record<string, number> = Object.fromEntries(LIST_COLUMNS.map((c) => [c, 0]));
  try {
    await parquetRead({
      file,
      metadata: md,
      columns: [...LIST_COLUMNS],
      rowStart,
      rowEnd: rowStart + numRows,
      parsers: STRICT_PARSERS,
      onChunk: ({ columnName, columnData, rowStart: at }) => {
        const col = cols[columnName];
        if (!col) return;
        for (let i = 0; i < columnData.length; i++) {
          const r = at - rowStart + i;
          if (r >= 0 && r < numRows) col[r] = columnData[i];
        }
        filled[columnName] += columnData.length;
      },
    });
  } catch (err) {
    throw corruptAt(err, name, rowGroup);
  }
  for (const c of LIST_COLUMNS) checkCount(name, rowGroup, filled[c], numRows);
  return encodeListColumns(name, rowGroup, rowStart, numRows, cols as unknown as ListColumns);
}

/**
 * Every row of POLLUX-instructions: the heads' columns, or the extras' (`extras`), of which the
 * criteria with only the fields the judge prompt needs (name, rubrics; `md` is pruned to them).
 */
async function readInstructionColumns(name: string, md: FileMetaData, file: AsyncBufferLike, extras: boolean): Promise<Record<string, unknown>[]> {
  const present = topColumns(md);
  const columns = INSTRUCTION_COLUMNS.filter((c) => present.includes(c) && INSTRUCTION_EXTRA_COLUMNS.includes(c) === extras);
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file, metadata: md, columns, parsers: STRICT_PARSERS });
  } catch (err) {
    throw corruptAt(err, name);
  }
  checkCount(name, undefined, rows.length, Number(md.num_rows));
  return rows;
}

/** POLLUX-instructions' rows without criteria and reference answers: what the list needs, decoded first. */
export async function decodeInstructionHeads(name: string, md: FileMetaData, file: AsyncBufferLike): Promise<InstructionHead[]> {
  return (await readInstructionColumns(name, md, file, false)).map((r) => ({
    prompt_id: asNumber(r.prompt_id),
    instruction: asString(r.instruction),
    meta: asString(r.meta),
    difficulty: asString(r.difficulty),
    task_type: asString(r.task_type),
    task_subtype: asString(r.task_subtype),
    task_subsubtype: asString(r.task_subsubtype),
    domain: asString(r.domain),
  }));
}

/** The criteria and reference answers of POLLUX-instructions' rows, in row order. */
export async function decodeInstructionExtras(name: string, md: FileMetaData, file: AsyncBufferLike): Promise<InstructionExtras[]> {
  // Equal criteria become one object: the rows' message to the page and their IndexedDB record
  // then carry each rubric once instead of on every instruction (share-criteria.ts).
  const share = criterionSharer();
  return (await readInstructionColumns(name, md, file, true)).map((r) => ({
    reference_answer: asString(r.reference_answer),
    criteria: (Array.isArray(r.criteria) ? r.criteria : []).flatMap((c: unknown) =>
      typeof c === 'object' && c !== null
        ? [share({ criteria_name: asString((c as { criteria_name?: unknown }).criteria_name), rubrics: asRubrics((c as { rubrics?: unknown }).rubrics) })]
        : [],
    ),
  }));
}

/** Expert rows [start, end) of one row group, with the long columns an instruction page shows. */
export async function decodeDetails(name: string, md: FileMetaData, rowGroup: number, start: number, end: number, file: AsyncBufferLike, useOffsetIndex: boolean): Promise<DetailRow[]> {
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file, metadata: md, columns: [...DETAIL_COLUMNS], rowStart: start, rowEnd: end, useOffsetIndex, parsers: STRICT_PARSERS });
  } catch (err) {
    throw corruptAt(err, name, rowGroup);
  }
  checkCount(name, rowGroup, rows.length, end - start);
  return rows.map((r, i) => ({
    file: name,
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
  }));
}
