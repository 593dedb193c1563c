/**
 * What the data layer hands the rest of the app. Loaders (hyparquet), the cache (dexie) and the
 * Explorer all speak these shapes; the run and metrics code consume them.
 */
import type { InstructionRow } from '../pollux/types.ts';

/** An instruction as the app lists it: POLLUX-instructions' row joined with the facets of the expert dataset. */
export interface AppInstruction extends InstructionRow {
  is_provocative: boolean;
  /** Reference models (`model_id`) whose answers to this instruction carry expert scores. */
  models: string[];
}

/**
 * A POLLUX-instructions row without its criteria and reference answer: what the list, its filters
 * and its facets need. A cold load decodes these columns first and shows the list from them; the
 * rest (a nested column, the costliest to decode and to hand to the page) follows.
 */
export type InstructionHead = Omit<InstructionRow, 'criteria' | 'reference_answer'>;

/** The rest of a POLLUX-instructions row, in the same order as its heads. */
export type InstructionExtras = Pick<InstructionRow, 'criteria' | 'reference_answer'>;

/** An instruction as the list shows it: complete (`AppInstruction`) or, for a moment on a cold load, its head only. */
export type ListInstruction = Omit<AppInstruction, 'criteria' | 'reference_answer'>;

/** One aggregate expert score: a row of ai-forever/POLLUX (test) without its long text columns. */
export interface ExpertScore {
  prompt_id: number;
  model_id: string;
  criteria_name: string;
  rubrics: string;
  /** Aggregate of the experts' votes (votes of -1, "not applicable", excluded). */
  criteria_score: number;
}

/**
 * The whole expert table as columns: one entry per expert row (161,076 on the full dataset) in
 * typed arrays, strings as indexes into three small dictionaries. What `dataState.expertTable()`
 * returns; a structured clone of it is a few memory copies.
 */
export interface ExpertColumns {
  /** prompt_id per row (Float64: synthetic ids exceed 32 bits). */
  promptId: Float64Array;
  score: Float64Array;
  /** Indexes into `models`, `criteria`, `rubrics`. */
  model: Uint32Array;
  criterion: Uint32Array;
  rubric: Uint32Array;
  models: string[];
  criteria: string[];
  rubrics: string[];
}

/** One expert's vote and rationale; score -1 means "not applicable". */
export interface ExpertAnnotation {
  score: number;
  comment: string;
}

/** Everything read lazily when a user opens one instruction. */
export interface InstructionDetails {
  prompt_id: number;
  reference_answer: string;
  answers: ReferenceAnswer[];
}

export interface ReferenceAnswer {
  model_id: string;
  answer: string;
  criteria: {
    criteria_name: string;
    rubrics: string;
    criteria_description: string;
    rubrics_example: string;
    criteria_score: number;
    annotations: ExpertAnnotation[];
  }[];
}

/** The Explorer's filters; also what the Evaluate page uses to pick a subset. Empty fields don't filter. */
export interface InstructionFilter {
  task_type?: string;
  task_subtype?: string;
  difficulty?: string;
  domain?: string;
  meta?: string;
  provocative?: 'yes' | 'no';
  /** Free text, matched case-insensitively (ё = е) against the instruction. */
  q?: string;
}
