/**
 * Two systems side by side (two runs, or a run and a reference model) on the instructions BOTH
 * have scores for, per criterion, task group, difficulty and category, with paired
 * cluster-bootstrap intervals on the differences (A − B): both sides are resampled with the
 * SAME instruction draws, so the instruction-to-instruction variation they share cancels out.
 * Pairing by instruction is what makes a small difference detectable.
 */
import { bootstrapMeans, percentileInterval, type Interval } from '../stats/index.ts';
import { keptPromptIds, scoreTable } from './score.ts';
import { clusterIndexOf, prepareSystems } from './systems.ts';
import { categoryLookup, type CategoryEntry } from './report.ts';
import { tableOf, type RunSide, type ScoreTable, type TableSource } from './table.ts';
import type { Dimension, InstructionFacets, MetricsSettings } from './types.ts';

export type CompareSide = ({ kind: 'run' } & RunSide) | { kind: 'reference'; modelId: string };

export interface CompareInput {
  settings: MetricsSettings;
  instructions: InstructionFacets[];
  categories: CategoryEntry[];
  a: CompareSide;
  b: CompareSide;
}

export interface CompareRow {
  dim: 'overall' | Dimension;
  key: string;
  a: number | null;
  b: number | null;
  diff: number | null;
  ci: Interval | null;
  /** Instructions behind the difference: those where both sides have a value in this group. */
  instructions: number;
}

/**
 * Below this many instructions an interval says little (with one instruction every resample is
 * the same, so "0.417–0.417" would look certain); no difference is called significant there.
 */
export const MIN_INSTRUCTIONS_FOR_SIGNIFICANCE = 10;

/** The difference's 95% interval excludes 0, on enough instructions. */
export function isSignificant(row: CompareRow): boolean {
  return row.ci !== null && row.instructions >= MIN_INSTRUCTIONS_FOR_SIGNIFICANCE && (row.ci.lo > 0 || row.ci.hi < 0);
}

export interface CompareReport {
  a: { id: string; label: string };
  b: { id: string; label: string };
  /** Instructions both sides have kept scores for. */
  sharedInstructions: number;
  rows: CompareRow[];
}

const COMPARE_DIMS: readonly ('overall' | Dimension)[] = ['overall', 'criterion', 'task_type', 'difficulty', 'category'];

export function compareSystems(input: CompareInput, experts: ScoreTable | null): CompareReport {
  const { settings } = input;
  const instructions = new Map(input.instructions.map((i) => [i.prompt_id, i]));
  const categoryOf = categoryLookup(input.categories);
  const sources = [input.a, input.b].map((side): TableSource =>
    side.kind === 'run' ? { kind: 'run', run: side } : { kind: 'reference', table: experts, model: experts?.systems.indexOf(side.modelId) ?? -1, name: side.modelId },
  );
  const { table } = tableOf(sources, instructions);
  const all = scoreTable(table, instructions, settings.gate, categoryOf);
  const inA = keptPromptIds(all, 0);
  const shared = new Set([...keptPromptIds(all, 1)].filter((id) => inA.has(id)));
  const scored = scoreTable(table, instructions, settings.gate, categoryOf, shared);
  const p = prepareSystems(scored, [0, 1].map((system) => ({ system, id: '', label: '', kind: 'run' as const })), clusterIndexOf(shared), true);
  const options = { resamples: settings.resamples, seed: settings.seed };
  const stats = bootstrapMeans(p.factored, options);
  const R = Math.max(settings.resamples, 0);
  const G = p.groups.length;
  const rows: CompareRow[] = [];
  for (const dim of COMPARE_DIMS) {
    p.groups.forEach((group, g) => {
      if (group.dim !== dim) return;
      const a = p.estimate(0, g)?.mean ?? null;
      const b = p.estimate(1, g)?.mean ?? null;
      if (a === null && b === null && dim !== 'overall') return;
      let ci: Interval | null = null;
      if (a !== null && b !== null && R > 0) {
        const d = stats.slice(g * R, (g + 1) * R);
        for (let r = 0; r < R; r++) d[r] -= stats[(G + g) * R + r];
        ci = percentileInterval(d, 0.95);
      }
      rows.push({ dim, key: group.key, a, b, diff: a !== null && b !== null ? a - b : null, ci, instructions: p.common(g) });
    });
  }
  const name = (side: CompareSide) => (side.kind === 'run' ? { id: side.id, label: side.label } : { id: `ref:${side.modelId}`, label: side.modelId });
  return { a: name(input.a), b: name(input.b), sharedInstructions: shared.size, rows };
}

