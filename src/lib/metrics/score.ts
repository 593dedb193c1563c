/**
 * metrics.py's per-score rules on a score table, for runs and reference models alike: a score
 * outside its rubric's scale is dropped, a kept score is normalised by the scale maximum (an
 * unscaled rubric keeps the score as is), and a binary criterion that counts as a gate and is
 * not 0 sets every score of its instruction (for that system) to 0. The core library's scale
 * functions decide scale and binariness, once per distinct (criterion, rubric) pair; facets are
 * looked up once per instruction. Typed arrays, no object per row.
 *
 * Note on the gate: an expert criteria_score on a binary criterion is a mean of votes and can be
 * fractional (0.5); metrics.py's rule "raw ≠ 0 fails the gate" is kept as is, so one expert
 * flagging a critical failure gates the answer. Documented in the UI.
 */
import { CRITICAL_CRITERIA_NAMES, isBinaryScale, normalizeInBounds, parseScaleBounds } from '../pollux/index.ts';
import type { GateMode } from '../pollux/types.ts';
import type { CategoryOf } from './report.ts';
import type { ScoreTable, Unscored } from './table.ts';
import type { Coverage, InstructionFacets } from './types.ts';

/** What one distinct (criterion, rubric) pair means for scoring. */
export interface PairInfo {
  /** The rubric's [min, max], or null when it declares no scale (the raw score is kept, as in Python). */
  bounds: readonly [number, number] | null;
  binary: boolean;
  gate: boolean;
  category: string;
}

/** A table scored for one request: kept rows, gated values, per-system coverage counts. */
export interface ScoredTable {
  table: ScoreTable;
  /** Per row: 1 when kept (known instruction in scope, score within scale). */
  keep: Uint8Array;
  /** Per kept row: normalised score after the gate. */
  value: Float64Array;
  gated: Uint8Array;
  /** Per row: index into `slots` (-1 when skipped before scoring). */
  slot: Int32Array;
  /** Per row: index into `pairs`. */
  pair: Int32Array;
  pairs: PairInfo[];
  /** Instructions met, in order of first appearance. */
  slots: InstructionFacets[];
  /** Per system: rows considered and rows out of scale. */
  total: Int32Array;
  outOfScale: Int32Array;
  /** Per (system × slots.length + slot): the instruction failed a gate for that system. */
  failed: Uint8Array;
}

/** Scores `table`; `scope` restricts it to those instructions (the run's, for reference models). */
export function scoreTable(
  table: ScoreTable,
  instructions: ReadonlyMap<number, InstructionFacets>,
  gate: GateMode,
  categoryOf: CategoryOf,
  scope?: ReadonlySet<number>,
): ScoredTable {
  const n = table.promptId.length;
  const keep = new Uint8Array(n);
  const value = new Float64Array(n);
  const gated = new Uint8Array(n);
  const slot = new Int32Array(n).fill(-1);
  const pair = new Int32Array(n);
  const total = new Int32Array(table.systems.length);
  const outOfScale = new Int32Array(table.systems.length);
  const critical = new Set(CRITICAL_CRITERIA_NAMES);
  const pairs: PairInfo[] = [];
  const pairIds = new Map<number, number>();
  const nRub = table.rubrics.length;
  const slots: InstructionFacets[] = [];
  const slotOf = new Map<number, number>();
  // Rows of one prompt are usually adjacent: remember the last lookup.
  let lastPid = NaN;
  let lastSlot = -1;
  const gateRows: number[] = [];
  for (let i = 0; i < n; i++) {
    const pid = table.promptId[i];
    if (pid !== lastPid) {
      lastPid = pid;
      const known = slotOf.get(pid);
      if (known !== undefined) lastSlot = known;
      else {
        const ins = scope && !scope.has(pid) ? undefined : instructions.get(pid);
        lastSlot = ins ? slots.push(ins) - 1 : -1;
        slotOf.set(pid, lastSlot);
      }
    }
    if (lastSlot < 0) continue;
    slot[i] = lastSlot;
    total[table.system[i]]++;
    const key = table.criterion[i] * nRub + table.rubric[i];
    let p = pairIds.get(key);
    if (p === undefined) {
      const name = table.criteria[table.criterion[i]];
      const rubrics = table.rubrics[table.rubric[i]];
      const bounds = parseScaleBounds(rubrics);
      const binary = isBinaryScale(rubrics);
      p = pairs.push({
        bounds,
        binary,
        gate: binary && (gate === 'official' || critical.has(name)),
        category: categoryOf(name, rubrics) ?? '',
      }) - 1;
      pairIds.set(key, p);
    }
    pair[i] = p;
    const info = pairs[p];
    const raw = table.score[i];
    const b = info.bounds;
    // (score − min) / (max − min), as POLLUX documents (docs/POLLUX.md); a scale with no range
    // cannot normalise (Python raises), so such a score is dropped like an out-of-scale one.
    const norm = Number.isFinite(raw) && (b === null || (raw >= b[0] && raw <= b[1])) ? normalizeInBounds(raw, b) : null;
    if (norm === null) {
      outOfScale[table.system[i]]++;
      continue;
    }
    keep[i] = 1;
    value[i] = norm;
    if (info.gate && raw !== 0) gateRows.push(i);
  }
  const failed = new Uint8Array(table.systems.length * slots.length);
  for (const i of gateRows) failed[table.system[i] * slots.length + slot[i]] = 1;
  if (gateRows.length > 0) {
    for (let i = 0; i < n; i++) {
      if (keep[i] === 1 && failed[table.system[i] * slots.length + slot[i]] === 1) {
        value[i] = 0;
        gated[i] = 1;
      }
    }
  }
  return { table, keep, value, gated, slot, pair, pairs, slots, total, outOfScale, failed };
}

/** prompt_ids with at least one kept row of `system` (of any system when omitted). */
export function keptPromptIds(s: ScoredTable, system?: number): Set<number> {
  const seen = new Uint8Array(s.slots.length);
  for (let i = 0; i < s.keep.length; i++) if (s.keep[i] === 1 && (system === undefined || s.table.system[i] === system)) seen[s.slot[i]] = 1;
  const ids = new Set<number>();
  for (let k = 0; k < seen.length; k++) if (seen[k] === 1) ids.add(s.slots[k].prompt_id);
  return ids;
}

/** How much of a system's work ended as kept scores; `unscored` adds a run's other judgments. */
export function coverageOf(s: ScoredTable, system: number, unscored: Unscored = { unparsed: 0, failed: 0, pending: 0 }): Coverage {
  const nSlots = s.slots.length;
  const seen = new Uint8Array(nSlots);
  let judged = 0;
  let gatedRows = 0;
  for (let i = 0; i < s.keep.length; i++) {
    if (s.keep[i] === 0 || s.table.system[i] !== system) continue;
    judged++;
    gatedRows += s.gated[i];
    seen[s.slot[i]] = 1;
  }
  let instructions = 0;
  let gatedInstructions = 0;
  for (let k = 0; k < nSlots; k++) {
    instructions += seen[k];
    // A failed instruction always has its (kept) gate row, so it is among the seen ones.
    gatedInstructions += s.failed[system * nSlots + k];
  }
  const { unparsed, failed, pending } = unscored;
  return {
    total: s.total[system] + unparsed + failed + pending,
    judged,
    unparsed,
    failed,
    pending,
    outOfScale: s.outOfScale[system],
    gated: gatedRows,
    instructions,
    gatedInstructions,
  };
}
