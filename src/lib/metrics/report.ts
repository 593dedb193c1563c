/**
 * Builds a MetricsReport from plain inputs (what the worker receives): the user's run (if any)
 * and the reference models' expert scores on the SAME instructions the run covered, each scored
 * with the same gate, then ranked by overall mean.
 */
import type { ExpertScore } from '../data/types.ts';
import { clusterBootstrapFactored, clusterBootstrapMany, type BootstrapOptions, type FactoredSums, type Interval } from '../stats/index.ts';
import type { ExpertColumns } from './expert-columns.ts';
import { columnarModels, keptPromptIds, scoreColumns } from './expert-columnar.ts';
import { prepareColumnarSystems } from './expert-columnar-systems.ts';
import { scoreExpertRows } from './expert-rows.ts';
import { toFacetRows } from './facets.ts';
import { scoreRunRows, type RunJudgment } from './run-rows.ts';
import { clusterIndexOf, computeSystems, finishSystem, prepareSystem, type SystemInput } from './system.ts';
import type { InstructionFacets, MetricsReport, MetricsSettings, RankEntry, SystemMetrics } from './types.ts';
import type { Rubrics } from '../pollux/types.ts';


/** [criteria_name, rubric text, category]: criterionIndex.categoryOf resolved on the main thread. */
export type CategoryEntry = [string, string, string];

export interface ReportInput {
  settings: MetricsSettings;
  instructions: InstructionFacets[];
  run: { id: string; label: string; judgments: RunJudgment[] } | null;
  experts: ExpertScore[];
  categories: CategoryEntry[];
  /**
   * The expert table as stored columns (the worker's copy). When given, `experts` is ignored
   * and the reference models are computed from the columns (expert-columnar*.ts): the same
   * numbers without an object per row.
   */
  expertColumns?: ExpertColumns;
}

export function rubricText(rubrics: Rubrics | null): string {
  return rubrics === null ? '' : typeof rubrics === 'string' ? rubrics : JSON.stringify(rubrics);
}

export function categoryLookup(entries: readonly CategoryEntry[]) {
  const map = new Map(entries.map(([n, r, c]) => [`${n}\u0000${r}`, c]));
  const byName = new Map<string, string>();
  for (const [n, , c] of entries) if (!byName.has(n)) byName.set(n, c);
  // Fall back to the name alone: a run's rubric may differ in whitespace from the dataset's.
  return (name: string, rubrics: Rubrics | null): string | null => map.get(`${name}\u0000${rubricText(rubrics)}`) ?? byName.get(name) ?? null;
}

export function rankSystems(systems: readonly SystemMetrics[]): RankEntry[] {
  const withMean = systems.filter((s) => s.overall !== null);
  const sorted = [...withMean].sort((a, b) => (b.overall?.mean ?? 0) - (a.overall?.mean ?? 0));
  return sorted.map((s, i) => ({ id: s.id, label: s.label, kind: s.kind, mean: s.overall?.mean ?? 0, ci: s.overall?.ci ?? null, rank: i + 1 }));
}

/**
 * A report in steps: 'done', or the reference models' bootstrap still to run ('bootstrap': run
 * clusterBootstrapFactored(data, options) — on this thread or split across two — and pass its
 * intervals to `finish`). Only the columnar path has that step; it is where the time goes.
 */
export type ReportStep =
  | { kind: 'done'; report: MetricsReport }
  | { kind: 'bootstrap'; data: FactoredSums; options: BootstrapOptions; finish: (cis: (Interval | null)[][]) => MetricsReport };

export function startReport(input: ReportInput, onProgress?: (done: number, total: number) => void): ReportStep {
  if (input.expertColumns) return startReportColumnar(input, input.expertColumns, onProgress);
  return { kind: 'done', report: computeReportFromRows(input, onProgress) };
}

export function computeReport(input: ReportInput, onProgress?: (done: number, total: number) => void): MetricsReport {
  const step = startReport(input, onProgress);
  return step.kind === 'done' ? step.report : step.finish(clusterBootstrapFactored(step.data, step.options));
}

function computeReportFromRows(input: ReportInput, onProgress?: (done: number, total: number) => void): MetricsReport {
  const instructions = new Map(input.instructions.map((i) => [i.prompt_id, i]));
  const categoryOf = categoryLookup(input.categories);
  const inputs: SystemInput[] = [];
  let scope: Set<number> | undefined;
  if (input.run) {
    const scored = scoreRunRows(input.run.judgments, instructions, input.settings.gate);
    scope = new Set(scored.rows.map((r) => r.prompt_id));
    inputs.push({ id: input.run.id, label: input.run.label, kind: 'run', scored, facets: toFacetRows(scored.rows, instructions, categoryOf) });
  }
  for (const [modelId, scored] of scoreExpertRows(input.experts, instructions, input.settings.gate, scope)) {
    inputs.push({ id: `ref:${modelId}`, label: modelId, kind: 'reference', scored, facets: toFacetRows(scored.rows, instructions, categoryOf) });
  }
  // One Set over all rows, without materialising a 161k-element id array first.
  const ids = new Set<number>();
  for (const s of inputs) for (const r of s.scored.rows) ids.add(r.prompt_id);
  const clusters = clusterIndexOf(ids);
  onProgress?.(0, 1);
  const systems: SystemMetrics[] = computeSystems(inputs, clusters, input.settings);
  onProgress?.(1, 1);
  return { settings: input.settings, systems, ranking: rankSystems(systems), promptIds: [...(scope ?? clusters.keys())].sort((a, b) => a - b) };
}

/** computeReport with the reference models taken from columns; the run keeps the object path. */
function startReportColumnar(input: ReportInput, columns: ExpertColumns, onProgress?: (done: number, total: number) => void): ReportStep {
  const instructions = new Map(input.instructions.map((i) => [i.prompt_id, i]));
  const categoryOf = categoryLookup(input.categories);
  let run: SystemInput | null = null;
  let scope: Set<number> | undefined;
  if (input.run) {
    const scored = scoreRunRows(input.run.judgments, instructions, input.settings.gate);
    scope = new Set(scored.rows.map((r) => r.prompt_id));
    run = { id: input.run.id, label: input.run.label, kind: 'run', scored, facets: toFacetRows(scored.rows, instructions, categoryOf) };
  }
  const scoredColumns = scoreColumns(columns, instructions, input.settings.gate, categoryOf, scope);
  const ids = keptPromptIds(scoredColumns);
  if (run) for (const r of run.scored.rows) ids.add(r.prompt_id);
  const clusters = clusterIndexOf(ids);
  onProgress?.(0, 1);
  const systems: SystemMetrics[] = [];
  if (run) {
    // Bootstrapped alone with the same seed and cluster count: the same draws as the references'.
    const prepared = prepareSystem(run, clusters);
    const [cis] = clusterBootstrapMany([prepared.ciData], { resamples: input.settings.resamples, seed: input.settings.seed });
    systems.push(finishSystem(prepared, cis));
  }
  const references = prepareColumnarSystems(scoredColumns, columnarModels(scoredColumns), clusters);
  const finish = (cis: (Interval | null)[][]): MetricsReport => {
    systems.push(...references.finish(cis));
    onProgress?.(1, 1);
    return { settings: input.settings, systems, ranking: rankSystems(systems), promptIds: [...(scope ?? clusters.keys())].sort((a, b) => a - b) };
  };
  if (!references.factored) return { kind: 'done', report: finish([]) };
  return { kind: 'bootstrap', data: references.factored, options: { resamples: input.settings.resamples, seed: input.settings.seed }, finish };
}
