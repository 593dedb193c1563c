/**
 * The three computations the metrics worker runs, as one pure function of a plain message and
 * the stored expert table, so they are unit-tested directly and the worker stays a thin shell.
 */
import { computeAgreement, type AgreementReport } from './agreement.ts';
import { compareSystems, type CompareInput, type CompareReport } from './compare.ts';
import { computeReport, type CategoryEntry, type ReportInput } from './report.ts';
import { checkTable, type ScoreTable } from './table.ts';
import type { InstructionFacets, MetricsReport, MetricsSettings, RunJudgment } from './types.ts';

export interface AgreementInput {
  settings: MetricsSettings;
  instructions: InstructionFacets[];
  categories: CategoryEntry[];
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

/** Runs a task; `experts` is the dataset's expert table (null without a dataset). */
export function runTask(task: MetricsTask, experts: ScoreTable | null): MetricsTaskResult {
  switch (task.type) {
    case 'report':
      return { type: 'report', result: computeReport(task.input, experts) };
    case 'agreement': {
      const i = task.input;
      // Spearman needs ranks per resample; fewer resamples keep large agreement sets responsive.
      const options = { resamples: Math.min(i.settings.resamples, 500), seed: i.settings.seed };
      return { type: 'agreement', result: computeAgreement(i.judgments, experts, i.modelId, i.instructions, i.categories, options) };
    }
    case 'compare':
      return { type: 'compare', result: compareSystems(task.input, experts) };
  }
}

/** The metrics worker's methods (src/lib/worker/rpc.ts): the expert table once per dataset, then tasks naming it. */
export type MetricsApi = {
  experts: { params: { key: string; table: ScoreTable }; result: null };
  run: { params: { task: MetricsTask; expertsKey: string | null }; result: MetricsTaskResult };
};

/**
 * The worker's handlers, also run as they are on the main thread when no worker can be used.
 * Their only state is the current dataset's expert table: one table bounds the memory, and a
 * request carries only the run and the settings, not 161k rows.
 */
export function metricsService() {
  let stored: { key: string; table: ScoreTable } | null = null;
  return {
    experts({ key, table }: MetricsApi['experts']['params']): null {
      stored = null;
      checkTable(table);
      stored = { key, table };
      return null;
    },
    run({ task, expertsKey }: MetricsApi['run']['params']): MetricsTaskResult {
      if (expertsKey !== null && stored?.key !== expertsKey) throw new Error(`The metrics worker has no expert table "${expertsKey}"; compute again to resend it.`);
      return runTask(task, stored && expertsKey !== null ? stored.table : null);
    },
  };
}
