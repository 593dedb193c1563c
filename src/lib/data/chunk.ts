/**
 * The cached unit of the expert dataset: one parquet row group, decoded to the list columns and
 * stored columnar with repeated strings dictionary-encoded (an instruction's text repeats on
 * ~100 rows: 7 models × ~16 criteria). IndexedDB stores the typed arrays natively, so a warm
 * open reads a few hundred records instead of re-decoding parquet.
 */
import { LIST_STRING_COLUMNS, type ListStringColumn } from './columns.ts';
import { asBool, asNumber, asString } from './values.ts';

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

/** Decoded columns of one row group (what hyparquet hands back per column), all of length n. */
export type ListColumns = Record<ListStringColumn | 'is_provocative' | 'criteria_score', ArrayLike<unknown>>;

/** Strings → small ids, first seen first (`values[id]` gives the string back). */
export function stringDictionary(): { values: string[]; id(s: string): number } {
  const ids = new Map<string, number>();
  const values: string[] = [];
  return {
    values,
    id(s: string): number {
      let i = ids.get(s);
      if (i === undefined) {
        i = values.length;
        values.push(s);
        ids.set(s, i);
      }
      return i;
    },
  };
}

/**
 * A row group's columns → a chunk, without a row object per row. Strings of a dictionary-encoded
 * parquet column arrive as the same string object on consecutive rows, so most rows skip the
 * lookup and each distinct string is hashed once.
 */
export function encodeListColumns(file: string, rowGroup: number, rowStart: number, n: number, cols: ListColumns): ListChunk {
  const dict = stringDictionary();
  const strings = {} as Record<ListStringColumn, Uint32Array>;
  for (const c of LIST_STRING_COLUMNS) {
    const out = new Uint32Array(n);
    const col = cols[c];
    let prev: unknown = undefined;
    let prevId = -1;
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (prevId < 0 || v !== prev) {
        prevId = dict.id(asString(v));
        prev = v;
      }
      out[i] = prevId;
    }
    strings[c] = out;
  }
  const is_provocative = new Uint8Array(n);
  const criteria_score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    is_provocative[i] = asBool(cols.is_provocative[i]) ? 1 : 0;
    criteria_score[i] = asNumber(cols.criteria_score[i]);
  }
  return { kind: 'list', file, rowGroup, rowStart, n, dict: dict.values, strings, is_provocative, criteria_score };
}

/** Rows → a chunk (tests and small inputs; the loader decodes column by column). */
export function encodeListChunk(file: string, rowGroup: number, rowStart: number, rows: readonly ListRow[]): ListChunk {
  const keys: (keyof ListRow)[] = [...LIST_STRING_COLUMNS, 'is_provocative', 'criteria_score'];
  const cols = Object.fromEntries(keys.map((k) => [k, rows.map((r) => r[k])])) as unknown as ListColumns;
  return encodeListColumns(file, rowGroup, rowStart, rows.length, cols);
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
