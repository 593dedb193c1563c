/**
 * The expert table (every expert row's aggregate score, 161,076 rows on the full dataset) as one
 * columnar record: typed arrays plus three small string dictionaries, stamped like the snapshot.
 * It is built once when the shards finish and stored as one IndexedDB record, so the Metrics page
 * after a reload reads one record instead of every cached row group (1.3–3.4 s). Rows keep file
 * and row-group order, so sums over them are bit-identical to the row-object path. Pure.
 */
import { stringDictionary, type ListChunk } from './chunk.ts';
import { compareCodeUnits, normalizeInstruction } from './text.ts';
import type { ExpertColumns } from './types.ts';

export const EXPERT_TABLE_VERSION = 1;

/** The stored table: the columns, stamped like the snapshot. */
export interface ExpertTable extends ExpertColumns {
  kind: 'experts';
  version: number;
  /** The dataset record's `updatedAt` when written: a reloaded dataset invalidates it. */
  stamp: number;
}

/** Chunks in file, then row-group order (as the cache lists them). */
export function sortChunks(chunks: readonly ListChunk[]): ListChunk[] {
  return [...chunks].sort((a, b) => compareCodeUnits(a.file, b.file) || a.rowGroup - b.rowGroup);
}

export function buildExpertTable(chunks: readonly ListChunk[], idByText: ReadonlyMap<string, number>, stamp: number): ExpertTable {
  const sorted = sortChunks(chunks);
  const n = sorted.reduce((s, c) => s + c.n, 0);
  const t: ExpertTable = {
    kind: 'experts',
    version: EXPERT_TABLE_VERSION,
    stamp,
    promptId: new Float64Array(n),
    score: new Float64Array(n),
    model: new Uint32Array(n),
    criterion: new Uint32Array(n),
    rubric: new Uint32Array(n),
    models: [],
    criteria: [],
    rubrics: [],
  };
  const m = stringDictionary();
  const c = stringDictionary();
  const r = stringDictionary();
  let o = 0;
  for (const ch of sorted) {
    // Chunk dictionary id → table id, per column: each distinct string is looked up once per chunk.
    const remap = (col: 'model_id' | 'criteria_name' | 'rubrics', d: ReturnType<typeof stringDictionary>) => {
      const seen = new Map<number, number>();
      return (i: number) => {
        const k = ch.strings[col][i];
        let v = seen.get(k);
        if (v === undefined) {
          v = d.id(ch.dict[k]);
          seen.set(k, v);
        }
        return v;
      };
    };
    const modelOf = remap('model_id', m);
    const criterionOf = remap('criteria_name', c);
    const rubricOf = remap('rubrics', r);
    const pid = new Map<number, number>();
    for (let i = 0; i < ch.n; i++, o++) {
      const d = ch.strings.instruction[i];
      let id = pid.get(d);
      if (id === undefined) {
        id = idByText.get(normalizeInstruction(ch.dict[d])) ?? Number.NaN;
        pid.set(d, id);
      }
      t.promptId[o] = id;
      t.score[o] = ch.criteria_score[i];
      t.model[o] = modelOf(i);
      t.criterion[o] = criterionOf(i);
      t.rubric[o] = rubricOf(i);
    }
  }
  t.models = m.values;
  t.criteria = c.values;
  t.rubrics = r.values;
  return t;
}

/** Narrowing for a record read back from IndexedDB (it may be of an older shape). */
export function isExpertTable(x: unknown): x is ExpertTable {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Partial<ExpertTable>;
  const n = t.promptId?.length;
  return (
    t.kind === 'experts' &&
    t.version === EXPERT_TABLE_VERSION &&
    typeof t.stamp === 'number' &&
    t.promptId instanceof Float64Array &&
    t.score instanceof Float64Array &&
    t.score.length === n &&
    t.model instanceof Uint32Array &&
    t.model.length === n &&
    t.criterion instanceof Uint32Array &&
    t.criterion.length === n &&
    t.rubric instanceof Uint32Array &&
    t.rubric.length === n &&
    Array.isArray(t.models) &&
    Array.isArray(t.criteria) &&
    Array.isArray(t.rubrics)
  );
}
