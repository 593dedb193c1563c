/**
 * A MetricsReport from plain inputs (what the worker receives): the user's run (if any) and the
 * reference models' expert scores on the SAME instructions the run covered, each scored with
 * the same gate, bootstrapped on the same instruction draws, then ranked by overall mean.
 */
import { bootstrapMeans, cellIntervals } from '../stats/index.ts';
import { keptPromptIds, scoreTable, type ScoredTable } from './score.ts';
import { clusterIndexOf, prepareSystems, type SystemInfo } from './systems.ts';
import { rubricText, tableOf, type RunSide, type ScoreTable } from './table.ts';
import type { Rubrics } from '../pollux/types.ts';
import type { InstructionFacets, MetricsReport, MetricsSettings, RankEntry, SystemMetrics } from './types.ts';

/** [criteria_name, rubric text, category]: criterionIndex.categoryOf resolved on the main thread. */
export type CategoryEntry = [string, string, string];

export type CategoryOf = (name: string, rubrics: Rubrics | null) => string | null;

export function categoryLookup(entries: readonly CategoryEntry[]): CategoryOf {
  const map = new Map(entries.map(([n, r, c]) => [`${n}\u0000${r}`, c]));
  const byName = new Map<string, string>();
  for (const [n, , c] of entries) if (!byName.has(n)) byName.set(n, c);
  // Fall back to the name alone: a run's rubric may differ in whitespace from the dataset's.
  return (name, rubrics) => map.get(`${name}\u0000${rubricText(rubrics)}`) ?? byName.get(name) ?? null;
}

export interface ReportInput {
  settings: MetricsSettings;
  instructions: InstructionFacets[];
  run: RunSide | null;
  categories: CategoryEntry[];
}

export function rankSystems(systems: readonly SystemMetrics[]): RankEntry[] {
  const withMean = systems.filter((s) => s.overall !== null);
  const sorted = [...withMean].sort((a, b) => (b.overall?.mean ?? 0) - (a.overall?.mean ?? 0));
  return sorted.map((s, i) => ({ id: s.id, label: s.label, kind: s.kind, mean: s.overall?.mean ?? 0, ci: s.overall?.ci ?? null, rank: i + 1 }));
}

/** Reference models with at least one row in scope, sorted by id. */
function referenceSystems(s: ScoredTable): SystemInfo[] {
  const names = s.table.systems;
  return names
    .map((name, system) => ({ system, id: `ref:${name}`, label: name, kind: 'reference' as const }))
    .filter((info) => s.total[info.system] > 0)
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** The report; `experts` is the dataset's expert table (null or empty: the run alone). */
export function computeReport(input: ReportInput, experts: ScoreTable | null): MetricsReport {
  const { settings } = input;
  const instructions = new Map(input.instructions.map((i) => [i.prompt_id, i]));
  const categoryOf = categoryLookup(input.categories);
  const run = input.run ? tableOf([{ kind: 'run', run: input.run }], instructions) : null;
  const runScored = run ? scoreTable(run.table, instructions, settings.gate, categoryOf) : null;
  const scope = runScored ? keptPromptIds(runScored) : undefined;
  const refScored = experts ? scoreTable(experts, instructions, settings.gate, categoryOf, scope) : null;
  const clusters = clusterIndexOf([...(scope ?? []), ...(refScored ? keptPromptIds(refScored) : [])]);
  const options = { resamples: settings.resamples, seed: settings.seed };
  const systems: SystemMetrics[] = [];
  // The run and the references are bootstrapped apart (only the run gets per-criterion
  // intervals) but on the same draws: same seed, same clusters.
  const parts: [ScoredTable | null, SystemInfo[], boolean][] = [
    [runScored, input.run && run ? [{ system: 0, id: input.run.id, label: input.run.label, kind: 'run', unscored: run.unscored[0] }] : [], true],
    [refScored, refScored ? referenceSystems(refScored) : [], false],
  ];
  for (const [scored, infos, criterionIntervals] of parts) {
    if (scored === null || infos.length === 0) continue;
    const p = prepareSystems(scored, infos, clusters, criterionIntervals);
    systems.push(...p.finish(cellIntervals(p.factored, bootstrapMeans(p.factored, options), options)));
  }
  return { settings, systems, ranking: rankSystems(systems), promptIds: [...(scope ?? clusters.keys())].sort((a, b) => a - b) };
}
