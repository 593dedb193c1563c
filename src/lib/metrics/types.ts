/**
 * The shapes the metrics layer hands to views, charts, exports and the worker. Everything here
 * is plain data (structured-cloneable): no Maps, no class instances, so a report crosses the
 * worker boundary and a share link unchanged.
 */
import type { GateMode, PolluxMetrics, Rubrics } from '../pollux/types.ts';
import type { Interval } from '../stats/index.ts';
import type { JudgmentRow } from '../run/types.ts';

export type { Interval };

/** Criterion category, as criterionIndex.categoryOf returns it. */
export type Category = 'Critical' | 'General' | 'Subjective' | 'Domain-specific' | 'Task-specific';

/** The facets a breakdown can group by. 'criterion' and 'category' vary within an instruction. */
export type Dimension = 'difficulty' | 'task_type' | 'category' | 'domain' | 'meta' | 'criterion';
export const DIMENSIONS: readonly Dimension[] = ['task_type', 'difficulty', 'category', 'domain', 'meta', 'criterion'];

/** The instruction facets the metrics need (a subset of AppInstruction / InstructionRow). */
export interface InstructionFacets {
  prompt_id: number;
  meta: string;
  difficulty?: string;
  task_type?: string;
  domain?: string;
  criteria: { criteria_name: string; rubrics: Rubrics }[];
}

/** The part of a JudgmentRow metrics read (prompts and raw texts stay behind): already parsed, never re-parsed here. */
export type RunJudgment = Pick<JudgmentRow, 'prompt_id' | 'criteria_name' | 'rubrics' | 'status' | 'outcome'>;

/** How much of a system's work ended as kept scores. */
export interface Coverage {
  /** Judgments/expert rows considered. */
  total: number;
  /** Kept scores (the metrics' denominator, before excluding binary rows). */
  judged: number;
  unparsed: number;
  /** Engine errors (runs only). */
  failed: number;
  /** Not judged yet (runs only). */
  pending: number;
  outOfScale: number;
  /** Kept scores forced to 0 by a gate. */
  gated: number;
  /** Instructions with at least one kept score / of which failed a gate. */
  instructions: number;
  gatedInstructions: number;
}

/** A group mean with its sample sizes and 95% cluster-bootstrap interval. */
export interface Estimate {
  key: string;
  mean: number;
  /** Rows averaged. */
  n: number;
  /** Distinct instructions behind those rows (the bootstrap's unit). */
  instructions: number;
  ci: Interval | null;
}

/** What is known about one system: a run or a reference model. */
export interface SystemMetrics {
  id: string;
  label: string;
  kind: 'run' | 'reference';
  /** metrics.py's output on this system's scores (matrix, mean_over_*, grand_mean). */
  pollux: PolluxMetrics;
  /** Micro mean of non-binary rows (= pollux.grand_mean) with its interval. */
  overall: Estimate | null;
  breakdowns: Record<Dimension, Estimate[]>;
  coverage: Coverage;
  /** Distribution of normalised non-binary scores: counts per bin of HISTOGRAM_BINS. */
  histogram: number[];
}

export interface MetricsSettings {
  gate: GateMode;
  resamples: number;
  seed: number;
}

/** A reference model's place beside the user's run, on the same instructions. */
export interface RankEntry {
  id: string;
  label: string;
  kind: 'run' | 'reference';
  mean: number;
  ci: Interval | null;
  rank: number;
}

export interface MetricsReport {
  settings: MetricsSettings;
  /** The user's run first (when there is one), then reference models. */
  systems: SystemMetrics[];
  ranking: RankEntry[];
  /** prompt_ids the report covers (the run's instructions with kept scores). */
  promptIds: number[];
}

export const HISTOGRAM_BINS = 10;
