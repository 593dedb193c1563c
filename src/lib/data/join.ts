/**
 * Joins the expert dataset (ai-forever/POLLUX, no prompt_id) to POLLUX-instructions by
 * instruction text with normalised whitespace. Nothing is guessed: instructions that match
 * nothing are counted and sampled in the report on both sides, and expert-only instructions
 * get a documented synthetic id (see text.ts). Also keeps, per prompt_id, the row ranges of its
 * expert rows in each file, so an instruction page reads only those rows.
 */
import type { CriterionSpec, InstructionRow } from '../pollux/types.ts';
import type { AppInstruction, InstructionHead, ListInstruction } from './types.ts';
import { chunkString, type ListChunk } from './chunk.ts';
import { normalizeInstruction, syntheticPromptId } from './text.ts';

/** Rows [start, end) of one file. */
export interface RowRange {
  file: string;
  start: number;
  end: number;
}

export interface JoinReport {
  /** 'loaded': POLLUX-instructions joined; 'unavailable': all ids are synthetic. */
  instructionsSource: 'loaded' | 'unavailable';
  instructionsError?: string;
  expertRows: number;
  expertInstructions: number;
  instructionRows: number;
  matched: number;
  /** Expert instructions with no POLLUX-instructions row (listed with synthetic ids). */
  expertOnly: { count: number; examples: string[] };
  /** POLLUX-instructions rows without expert annotations (listed, without answers). */
  instructionsOnly: { count: number; examples: string[] };
  /** Instruction texts that occur more than once in POLLUX-instructions (first one wins). */
  duplicateInstructions: number;
}

export interface JoinedDataset {
  instructions: AppInstruction[];
  rowIndex: Map<number, RowRange[]>;
  /** normalised instruction text → prompt_id, for mapping expert rows. */
  idByText: Map<string, number>;
  report: JoinReport;
}

/** A row's place: file, then row within the file. Chunks may arrive in any order; "first" means first in this order. */
interface Pos {
  file: string;
  row: number;
}
const before = (a: Pos, b: Pos) => (a.file === b.file ? a.row < b.row : a.file < b.file);

interface Acc {
  text: string;
  firstAt: Pos;
  first: { task_type: string; task_subtype: string; task_subsubtype: string; difficulty: string; domain: string; is_provocative: boolean };
  models: Set<string>;
  /** Keyed by global criterion id (see `critId`), with where it was first seen. */
  criteria: Map<number, { spec: CriterionSpec; at: Pos }>;
  ranges: RowRange[];
}

const EXAMPLES = 5;
const clip = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}…` : s);

function addRow(ranges: RowRange[], file: string, row: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last.file === file && last.end === row) last.end = row + 1;
  else ranges.push({ file, start: row, end: row + 1 });
}

/** Ranges in file and row order, touching ones merged (chunks may have arrived out of order). */
function sortedRanges(ranges: readonly RowRange[]): RowRange[] {
  const out: RowRange[] = [];
  for (const r of [...ranges].sort((a, b) => (a.file === b.file ? a.start - b.start : a.file < b.file ? -1 : 1))) {
    const last = out[out.length - 1];
    if (last && last.file === r.file && last.end === r.start) last.end = r.end;
    else out.push({ ...r });
  }
  return out;
}

/**
 * The join, built one row group at a time: `add` folds a chunk's rows into per-instruction
 * accumulators as it arrives (the 161k-row part of the work, spread over the load), `result`
 * does the cheap part over ~2,100 instructions and can be called as often as the list is shown.
 * The result does not depend on the order chunks arrive in.
 */
export class ExpertJoiner {
  #byText = new Map<string, Acc>();
  // (criteria_name, rubrics) → a small id. Rubrics are long: building and hashing the pair's
  // string once per distinct pair per chunk, not once per row, was most of the join's time.
  #critIds = new Map<string, number>();
  #rows = 0;
  /** POLLUX-instructions by normalised text, built once per list of rows (the list is re-joined often). */
  #instr: { rows: readonly InstructionRow[] | null; byText: Map<string, InstructionRow>; duplicates: number } | null = null;

  get rows(): number {
    return this.#rows;
  }

  add(ch: ListChunk): void {
    // Per distinct dictionary entry, not per row: the normalised text and accumulator of each
    // instruction, and the criterion id of each (name, rubrics) pair.
    const accOf = new Map<number, Acc>();
    const critOfPair = new Map<number, number>();
    const dictSize = ch.dict.length;
    const file = ch.file;
    const { instruction, model_id, criteria_name, rubrics } = ch.strings;
    for (let i = 0; i < ch.n; i++) {
      const row = ch.rowStart + i;
      const d = instruction[i];
      let acc = accOf.get(d);
      if (!acc) {
        const key = normalizeInstruction(ch.dict[d]);
        acc = this.#byText.get(key);
        if (!acc) {
          acc = { text: ch.dict[d], firstAt: { file, row }, first: this.#facets(ch, i), models: new Set(), criteria: new Map(), ranges: [] };
          this.#byText.set(key, acc);
        }
        accOf.set(d, acc);
      }
      if (acc.firstAt.file === file ? row < acc.firstAt.row : file < acc.firstAt.file) {
        acc.text = ch.dict[d];
        acc.firstAt = { file, row };
        acc.first = this.#facets(ch, i);
      }
      acc.models.add(ch.dict[model_id[i]]);
      const pair = criteria_name[i] * dictSize + rubrics[i];
      let cid = critOfPair.get(pair);
      if (cid === undefined) {
        const ck = `${ch.dict[criteria_name[i]]}\u0000${ch.dict[rubrics[i]]}`;
        cid = this.#critIds.get(ck);
        if (cid === undefined) {
          cid = this.#critIds.size;
          this.#critIds.set(ck, cid);
        }
        critOfPair.set(pair, cid);
      }
      const seen = acc.criteria.get(cid);
      if (!seen) acc.criteria.set(cid, { spec: { criteria_name: ch.dict[criteria_name[i]], rubrics: ch.dict[rubrics[i]] }, at: { file, row } });
      else if (seen.at.file === file ? row < seen.at.row : file < seen.at.file) seen.at = { file, row };
      addRow(acc.ranges, file, row);
      this.#rows++;
    }
  }

  #facets(ch: ListChunk, i: number): Acc['first'] {
    return {
      task_type: chunkString(ch, 'task_type', i),
      task_subtype: chunkString(ch, 'task_subtype', i),
      task_subsubtype: chunkString(ch, 'task_subsubtype', i),
      difficulty: chunkString(ch, 'difficulty', i),
      domain: chunkString(ch, 'domain', i),
      is_provocative: ch.is_provocative[i] === 1,
    };
  }

  #instructionsByText(rows: readonly InstructionRow[] | null): { byText: Map<string, InstructionRow>; duplicates: number } {
    if (this.#instr?.rows === rows) return this.#instr;
    this.#instr = { rows, ...byKey(rows ?? []) };
    return this.#instr;
  }

  /**
   * The list before any expert row is in, from POLLUX-instructions' heads: what `result` lists
   * for instructions without expert rows (duplicate texts dropped, the first kept; by prompt_id),
   * so the complete rows that follow replace it without moving a row.
   */
  listFromHeads(heads: readonly InstructionHead[]): ListInstruction[] {
    return [...byKey(heads).byText.values()].map(withoutExperts).sort((a, b) => a.prompt_id - b.prompt_id);
  }

  result(instructionRows: readonly InstructionRow[] | null, instructionsError?: string): JoinedDataset {
    const byText = this.#byText;
    const { byText: instrByText, duplicates: duplicateInstructions } = this.#instructionsByText(instructionRows);

    const instructions: AppInstruction[] = [];
    const rowIndex = new Map<number, RowRange[]>();
    const idByText = new Map<string, number>();
    const usedIds = new Set<number>();
    let matched = 0;
    const expertOnly: string[] = [];
    // Sorted, so synthetic-id collision probing is deterministic.
    for (const key of [...byText.keys()].sort()) {
      const acc = byText.get(key)!;
      const inst = instrByText.get(key);
      let prompt_id: number;
      if (inst) {
        matched++;
        prompt_id = inst.prompt_id;
      } else {
        expertOnly.push(key);
        prompt_id = syntheticPromptId(key);
        while (usedIds.has(prompt_id)) prompt_id++;
      }
      usedIds.add(prompt_id);
      idByText.set(key, prompt_id);
      rowIndex.set(prompt_id, sortedRanges(acc.ranges));
      const expertCriteria = [...acc.criteria.values()].sort((a, b) => (before(a.at, b.at) ? -1 : before(b.at, a.at) ? 1 : 0)).map((c) => c.spec);
      instructions.push({
        prompt_id,
        instruction: inst?.instruction ?? acc.text,
        reference_answer: inst?.reference_answer ?? null,
        meta: inst?.meta ?? '',
        difficulty: inst?.difficulty || acc.first.difficulty,
        task_type: inst?.task_type || acc.first.task_type,
        task_subtype: inst?.task_subtype || acc.first.task_subtype,
        task_subsubtype: inst?.task_subsubtype || acc.first.task_subsubtype,
        domain: inst?.domain || acc.first.domain,
        is_provocative: acc.first.is_provocative,
        criteria: inst && inst.criteria.length > 0 ? inst.criteria : expertCriteria,
        models: [...acc.models].sort(),
      });
    }
    const instructionsOnly: string[] = [];
    for (const [key, r] of instrByText) {
      if (byText.has(key)) continue;
      instructionsOnly.push(key);
      instructions.push(withoutExperts(r));
    }
    instructions.sort((a, b) => a.prompt_id - b.prompt_id);

    return {
      instructions,
      rowIndex,
      idByText,
      report: {
        instructionsSource: instructionRows ? 'loaded' : 'unavailable',
        instructionsError,
        expertRows: this.#rows,
        expertInstructions: byText.size,
        instructionRows: instructionRows?.length ?? 0,
        matched,
        // Without POLLUX-instructions every expert instruction is "unmatched" by construction; the
        // report says so through instructionsSource rather than listing them all as failures.
        expertOnly: { count: instructionRows ? expertOnly.length : 0, examples: instructionRows ? expertOnly.slice(0, EXAMPLES).map(clip) : [] },
        instructionsOnly: { count: instructionsOnly.length, examples: instructionsOnly.slice(0, EXAMPLES).map(clip) },
        duplicateInstructions,
      },
    };
  }
}

/** Rows by join key; a key seen again is a duplicate (the first row wins). */
function byKey<R extends InstructionHead>(rows: readonly R[]): { byText: Map<string, R>; duplicates: number } {
  const byText = new Map<string, R>();
  let duplicates = 0;
  for (const r of rows) {
    const key = normalizeInstruction(r.instruction);
    if (byText.has(key)) duplicates++;
    else byText.set(key, r);
  }
  return { byText, duplicates };
}

/** An instruction that no expert row mentions, as the list shows it. */
function withoutExperts<R extends InstructionHead>(r: R): R & { is_provocative: boolean; models: string[] } {
  return { ...r, is_provocative: r.is_provocative ?? false, models: [] };
}

export function joinDataset(chunks: readonly ListChunk[], instructionRows: readonly InstructionRow[] | null, instructionsError?: string): JoinedDataset {
  const j = new ExpertJoiner();
  for (const ch of chunks) j.add(ch);
  return j.result(instructionRows, instructionsError);
}
