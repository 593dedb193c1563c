/**
 * The reference models' part of a report computed straight from the stored expert columns
 * (expert-columns.ts): typed arrays → per-(model, group, instruction) sums, without a ScoredRow
 * or FacetRow object per row (161k of each per request were most of the non-bootstrap time and
 * the garbage collector's work).
 *
 * It applies exactly the object path's rules (scoreExpertRows → gateInPlace → toFacetRows →
 * aggregateMetrics / groupSums / groupMeans) and adds floating-point values in the same order,
 * so every number is bit-identical; test/unit/metrics/columnar.test.ts checks whole reports.
 * Scale, binary, gate and category are resolved once per distinct (criterion, rubric) code
 * pair; facets once per instruction.
 */
import { CRITICAL_CRITERIA_NAMES, isBinaryScale, parseScaleBounds } from '../pollux/index.ts';
import type { GateMode } from '../pollux/types.ts';
import type { ExpertColumns } from './expert-columns.ts';
import type { CategoryOf } from './facets.ts';
import type { Coverage, InstructionFacets } from './types.ts';

/** What one distinct (criterion, rubric) pair means for scoring. */
interface PairInfo {
  lo: number;
  hi: number;
  scaled: boolean;
  binary: boolean;
  gate: boolean;
  category: string;
}

/** The expert table scored for one report: kept rows, gated values, per-model coverage counts. */
export interface ScoredColumns {
  cols: ExpertColumns;
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
  /** Per model code: rows considered and rows out of scale (scoreExpertRows' total/outOfScale). */
  total: Int32Array;
  outOfScale: Int32Array;
  /** Per (model code × slots.length + slot): the instruction failed a gate for that model. */
  failed: Uint8Array;
}

type ScaleOf = (rubrics: string) => { bounds: [number, number] | null; binary: boolean };

function pairInfo(name: string, rubrics: string, gate: GateMode, critical: ReadonlySet<string>, categoryOf: CategoryOf, scaleOf: ScaleOf): PairInfo {
  const { bounds, binary } = scaleOf(rubrics);
  return {
    lo: bounds === null ? 0 : bounds[0],
    hi: bounds === null ? 0 : bounds[1],
    scaled: bounds !== null,
    binary,
    gate: binary && (gate === 'official' || critical.has(name)),
    category: categoryOf(name, rubrics) ?? '',
  };
}

/** scoreExpertRows + gateInPlace on columns; `promptIds` restricts to a run's instructions. */
export function scoreColumns(
  cols: ExpertColumns,
  instructions: ReadonlyMap<number, InstructionFacets>,
  gate: GateMode,
  categoryOf: CategoryOf,
  promptIds?: ReadonlySet<number>,
): ScoredColumns {
  const n = cols.promptId.length;
  const keep = new Uint8Array(n);
  const value = new Float64Array(n);
  const gated = new Uint8Array(n);
  const slot = new Int32Array(n).fill(-1);
  const pair = new Int32Array(n);
  const models = cols.models.length;
  const total = new Int32Array(models);
  const outOfScale = new Int32Array(models);
  const critical = new Set(CRITICAL_CRITERIA_NAMES);
  const pairs: PairInfo[] = [];
  const pairIds = new Map<number, number>();
  // The scale parser is regex-based: once per rubric text, like ScaleCache.
  const scales = new Map<string, { bounds: [number, number] | null; binary: boolean }>();
  const scaleOf: ScaleOf = (rubrics) => {
    let known = scales.get(rubrics);
    if (!known) scales.set(rubrics, (known = { bounds: parseScaleBounds(rubrics), binary: isBinaryScale(rubrics) }));
    return known;
  };
  const nRub = cols.rubrics.length;
  const slots: InstructionFacets[] = [];
  const slotOf = new Map<number, number>();
  // Rows of one prompt are usually adjacent: remember the last lookup.
  let lastPid = NaN;
  let lastSlot = -1;
  const gateRows: number[] = [];
  for (let i = 0; i < n; i++) {
    const pid = cols.promptId[i];
    if (pid !== lastPid) {
      lastPid = pid;
      const known = slotOf.get(pid);
      if (known !== undefined) lastSlot = known;
      else {
        const ins = promptIds && !promptIds.has(pid) ? undefined : instructions.get(pid);
        lastSlot = ins ? slots.push(ins) - 1 : -1;
        slotOf.set(pid, lastSlot);
      }
    }
    if (lastSlot < 0) continue;
    slot[i] = lastSlot;
    total[cols.model[i]]++;
    const key = cols.criterion[i] * nRub + cols.rubric[i];
    let p = pairIds.get(key);
    if (p === undefined) {
      p = pairs.push(pairInfo(cols.criteria[cols.criterion[i]], cols.rubrics[cols.rubric[i]], gate, critical, categoryOf, scaleOf)) - 1;
      pairIds.set(key, p);
    }
    pair[i] = p;
    const info = pairs[p];
    const raw = cols.score[i];
    // ScaleCache.score's checks, in its order.
    if (!Number.isFinite(raw) || (info.scaled && (raw < info.lo || raw > info.hi || info.hi === 0))) {
      outOfScale[cols.model[i]]++;
      continue;
    }
    keep[i] = 1;
    value[i] = info.scaled ? raw / info.hi : raw;
    if (info.gate && raw !== 0) gateRows.push(i);
  }
  const failed = new Uint8Array(models * slots.length);
  for (const i of gateRows) failed[cols.model[i] * slots.length + slot[i]] = 1;
  if (gateRows.length > 0) {
    for (let i = 0; i < n; i++) {
      if (keep[i] === 1 && failed[cols.model[i] * slots.length + slot[i]] === 1) {
        value[i] = 0;
        gated[i] = 1;
      }
    }
  }
  return { cols, keep, value, gated, slot, pair, pairs, slots, total, outOfScale, failed };
}

/** prompt_ids with at least one kept row (the report's clusters, with the run's). */
export function keptPromptIds(s: ScoredColumns): Set<number> {
  const seen = new Uint8Array(s.slots.length);
  for (let i = 0; i < s.keep.length; i++) if (s.keep[i] === 1) seen[s.slot[i]] = 1;
  const ids = new Set<number>();
  for (let k = 0; k < seen.length; k++) if (seen[k] === 1) ids.add(s.slots[k].prompt_id);
  return ids;
}

/** Reference models with at least one considered row, sorted by id (scoreExpertRows' order). */
export function columnarModels(s: ScoredColumns): number[] {
  const codes: number[] = [];
  for (let m = 0; m < s.total.length; m++) if (s.total[m] > 0) codes.push(m);
  return codes.sort((a, b) => (s.cols.models[a] < s.cols.models[b] ? -1 : s.cols.models[a] > s.cols.models[b] ? 1 : 0));
}

/** finishCoverage's numbers for one model, from the columns. */
export function columnarCoverage(s: ScoredColumns, model: number): Coverage {
  const nSlots = s.slots.length;
  const seen = new Uint8Array(nSlots);
  let judged = 0;
  let gatedRows = 0;
  for (let i = 0; i < s.keep.length; i++) {
    if (s.keep[i] === 0 || s.cols.model[i] !== model) continue;
    judged++;
    gatedRows += s.gated[i];
    seen[s.slot[i]] = 1;
  }
  let instructions = 0;
  let gatedInstructions = 0;
  for (let k = 0; k < nSlots; k++) {
    instructions += seen[k];
    // A failed instruction always has its (kept) gate row, so it is among the seen ones.
    gatedInstructions += s.failed[model * nSlots + k];
  }
  return {
    total: s.total[model],
    judged,
    unparsed: 0,
    failed: 0,
    pending: 0,
    outOfScale: s.outOfScale[model],
    gated: gatedRows,
    instructions,
    gatedInstructions,
  };
}
