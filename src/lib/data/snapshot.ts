/**
 * The joined instruction list as one cached record, so a warm open reads one record instead of
 * every list chunk plus POLLUX-instructions and joining them again (the join of 161k rows was
 * most of the warm open). The snapshot holds what the first screen and the instruction pages
 * need: the instructions, the join report and the per-instruction row ranges (packed into one
 * typed array, which IndexedDB clones far faster than thousands of small objects). Criteria are
 * shared: POLLUX-instructions repeats each criterion's long description and rubrics on every
 * instruction (≈ 18 M characters on the full dataset, 90 % of the list), and the structured clone
 * IndexedDB uses stores an object referenced twice only once, so the snapshot points every
 * instruction at one object per distinct criterion. The text →
 * prompt_id map is not stored: it is derived on first use (only expert scores need it).
 * Pure: the cache stores and reads it.
 */
import type { AppInstruction } from './types.ts';
import type { JoinedDataset, JoinReport, RowRange } from './join.ts';
import { normalizeInstruction } from './text.ts';
import { criterionSharer } from './share-criteria.ts';

/** Bumped whenever the shape or the join changes: an older snapshot is then ignored and rebuilt. */
export const SNAPSHOT_VERSION = 1;

export interface JoinedSnapshot {
  kind: 'joined';
  version: number;
  /** The dataset record's `updatedAt` when the snapshot was written: a reloaded dataset invalidates it. */
  stamp: number;
  instructions: AppInstruction[];
  report: JoinReport;
  /** Files named by `ranges`' file indexes. */
  files: string[];
  /** Row ranges as quadruples [prompt_id, file index, start, end), grouped by prompt_id in list order. */
  ranges: Float64Array;
}

export function encodeSnapshot(joined: JoinedDataset, stamp: number): JoinedSnapshot {
  const files: string[] = [];
  const fileIdx = new Map<string, number>();
  let n = 0;
  for (const rs of joined.rowIndex.values()) n += rs.length;
  const ranges = new Float64Array(n * 4);
  let o = 0;
  for (const [id, rs] of joined.rowIndex) {
    for (const r of rs) {
      let f = fileIdx.get(r.file);
      if (f === undefined) {
        f = files.length;
        files.push(r.file);
        fileIdx.set(r.file, f);
      }
      ranges[o++] = id;
      ranges[o++] = f;
      ranges[o++] = r.start;
      ranges[o++] = r.end;
    }
  }
  return { kind: 'joined', version: SNAPSHOT_VERSION, stamp, instructions: shareCriteria(joined.instructions), report: joined.report, files, ranges };
}

/** The same list with equal criteria replaced by one shared object each (see the module note). */
function shareCriteria(list: readonly AppInstruction[]): AppInstruction[] {
  const share = criterionSharer();
  return list.map((i) => ({ ...i, criteria: i.criteria.map(share) }));
}

/** Narrowing for a record read back from IndexedDB. */
export function isJoinedSnapshot(x: unknown): x is JoinedSnapshot {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<JoinedSnapshot>;
  return (
    s.kind === 'joined' &&
    s.version === SNAPSHOT_VERSION &&
    typeof s.stamp === 'number' &&
    Array.isArray(s.instructions) &&
    typeof s.report === 'object' &&
    s.report !== null &&
    Array.isArray(s.files) &&
    s.ranges instanceof Float64Array
  );
}

/**
 * The normalised expert text → prompt_id map of a join, rebuilt from its list: every expert
 * instruction has at least one model and its text normalises to its join key (matched ones carry
 * the POLLUX-instructions text, which has the same key; expert-only ones the expert text);
 * instructions without expert rows have no models and were never in the map.
 */
export function idByTextOf(instructions: readonly AppInstruction[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of instructions) if (i.models.length > 0) m.set(normalizeInstruction(i.instruction), i.prompt_id);
  return m;
}

export function decodeSnapshot(s: JoinedSnapshot): JoinedDataset {
  const rowIndex = new Map<number, RowRange[]>();
  const r = s.ranges;
  for (let o = 0; o + 3 < r.length; o += 4) {
    const id = r[o];
    let list = rowIndex.get(id);
    if (!list) {
      list = [];
      rowIndex.set(id, list);
    }
    list.push({ file: s.files[r[o + 1]], start: r[o + 2], end: r[o + 3] });
  }
  const instructions = s.instructions;
  let ids: Map<string, number> | undefined;
  return {
    instructions,
    rowIndex,
    report: s.report,
    // Derived lazily: normalising ~2,100 long texts costs tens of ms the first screen doesn't need.
    get idByText() {
      ids ??= idByTextOf(instructions);
      return ids;
    },
  };
}
