/**
 * The three computations the metrics worker runs, as pure functions of plain messages, so they
 * are unit-tested directly and the worker file stays a thin dispatcher.
 */
import type { ExpertScore } from '../data/types.ts';
import { computeAgreement, type AgreementReport } from './agreement.ts';
import { compareSystems, type CompareReport } from './compare.ts';
import { scoreExpertRows } from './expert-rows.ts';
import { toFacetRows } from './facets.ts';
import { categoryLookup, computeReport, startReport, type CategoryEntry, type ReportInput } from './report.ts';
import type { BootstrapOptions, FactoredSums, Interval } from '../stats/index.ts';
import { scoreRunRows, type RunJudgment } from './run-rows.ts';
import type { FacetRow, InstructionFacets, MetricsReport, MetricsSettings } from './types.ts';

export type CompareSide =
  | { kind: 'run'; id: string; label: string; judgments: RunJudgment[] }
  | { kind: 'reference'; modelId: string };

export interface CompareInput {
  settings: MetricsSettings;
  instructions: InstructionFacets[];
  categories: CategoryEntry[];
  experts: ExpertScore[];
  a: CompareSide;
  b: CompareSide;
}

export interface AgreementInput {
  settings: MetricsSettings;
  instructions: InstructionFacets[];
  categories: CategoryEntry[];
  experts: ExpertScore[];
  judgments: RunJudgment[];
  modelId: string;
}

export type MetricsTask =
  | { type: 'report'; input: ReportInput }
  | { type: 'agreement'; input: AgreementInput }
  | { type: 'compare'; input: CompareInput };

export type MetricsTaskResult =
  | { type: 'report'; result: MetricsReport }
  | { type: 'agreement'; result: AgreementReport }
  | { type: 'compare'; result: CompareReport };

function sideRows(side: CompareSide, input: CompareInput): { id: string; label: string; rows: FacetRow[] } {
  const instructions = new Map(input.instructions.map((i) => [i.prompt_id, i]));
  const categoryOf = categoryLookup(input.categories);
  if (side.kind === 'run') {
    const scored = scoreRunRows(side.judgments, instructions, input.settings.gate);
    return { id: side.id, label: side.label, rows: toFacetRows(scored.rows, instructions, categoryOf) };
  }
  const scored = scoreExpertRows(
    input.experts.filter((e) => e.model_id === side.modelId),
    instructions,
    input.settings.gate,
  ).get(side.modelId);
  return { id: `ref:${side.modelId}`, label: side.modelId, rows: scored ? toFacetRows(scored.rows, instructions, categoryOf) : [] };
}

export function runTask(task: MetricsTask, onProgress?: (done: number, total: number) => void): MetricsTaskResult {
  switch (task.type) {
    case 'report':
      return { type: 'report', result: computeReport(task.input, onProgress) };
    case 'agreement': {
      const i = task.input;
      // Spearman needs ranks per resample; fewer resamples keep large agreement sets responsive.
      const resamples = Math.min(i.settings.resamples, 500);
      return {
        type: 'agreement',
        result: computeAgreement(i.judgments, i.experts, i.modelId, i.instructions, i.categories, { resamples, seed: i.settings.seed }),
      };
    }
    case 'compare':
      return {
        type: 'compare',
        result: compareSystems(sideRows(task.input.a, task.input), sideRows(task.input.b, task.input), task.input.settings),
      };
  }
}

/** Runs a factored bootstrap (clusterBootstrapFactored's result), possibly on several threads. */
export type FactoredBootstrapper = (data: FactoredSums, options: BootstrapOptions) => Promise<(Interval | null)[][]>;

/**
 * runTask, with the reports' reference-model bootstrap handed to `bootstrap` (the metrics
 * worker splits it across two threads). Same result as runTask whenever `bootstrap` returns
 * clusterBootstrapFactored's intervals.
 */
export async function runTaskAsync(task: MetricsTask, bootstrap: FactoredBootstrapper, onProgress?: (done: number, total: number) => void): Promise<MetricsTaskResult> {
  if (task.type !== 'report') return runTask(task, onProgress);
  const step = startReport(task.input, onProgress);
  return { type: 'report', result: step.kind === 'done' ? step.report : step.finish(await bootstrap(step.data, step.options)) };
}
