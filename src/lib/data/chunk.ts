/**
 * The cached unit of the expert dataset: one parquet row group, decoded to the list columns and
 * stored columnar with repeated strings dictionary-encoded (an instruction's text repeats on
 * ~100 rows: 7 models × ~16 criteria). IndexedDB stores the typed arrays natively, so a warm
 * open reads a few hundred records instead of re-decoding parquet.
 */
import { LIST_STRING_COLUMNS, type ListStringColumn } from './columns.ts';

export interface ListChunk {
  kind: 'list';
  file: string;
  rowGroup: number;
  /** Index (within the file) of the chunk's first row: detail reads address rows by it. */
  rowStart: number;
  n: number;
  dict: string[];
  strings: Record<ListStringColumn, Uint32Array>;
  is_provocative: Uint8Array;
  criteria_score: Float64Array;
}

/** One decoded list row, as it comes out of hyparquet. */
export interface ListRow {
  instruction: string;
  model_id: string;
  task_type: string;
  task_subtype: string;
  task_subsubtype: string;
  difficulty: string;
  domain: string;
  criteria_name: string;
  rubrics: string;
  is_provocative: boolean;
  criteria_score: number;
}

export function encodeListChunk(file: string, rowGroup: number, rowStart: number, rows: readonly ListRow[]): ListChunk {
  const dict: string[] = [];
  const ids = new Map<string, number>();
  const id = (s: string): number => {
    let i = ids.get(s);
    if (i === undefined) {
      i = dict.length;
      dict.push(s);
      ids.set(s, i);
    }
    return i;
  };
  const n = rows.length;
  const strings = Object.fromEntries(LIST_STRING_COLUMNS.map((c) => [c, new Uint32Array(n)])) as Record<ListStringColumn, Uint32Array>;
  const is_provocative = new Uint8Array(n);
  const criteria_score = new Float64Array(n);
  rows.forEach((r, i) => {
    for (const c of LIST_STRING_COLUMNS) strings[c][i] = id(r[c]);
    is_provocative[i] = r.is_provocative ? 1 : 0;
    criteria_score[i] = r.criteria_score;
  });
  return { kind: 'list', file, rowGroup, rowStart, n, dict, strings, is_provocative, criteria_score };
}

export function chunkString(chunk: ListChunk, col: ListStringColumn, i: number): string {
  return chunk.dict[chunk.strings[col][i]];
}

/** Narrowing for records read back from IndexedDB (schema may predate a code change). */
export function isListChunk(x: unknown): x is ListChunk {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Partial<ListChunk>;
  return c.kind === 'list' && Array.isArray(c.dict) && typeof c.n === 'number' && typeof c.strings === 'object' && c.criteria_score instanceof Float64Array;
}
